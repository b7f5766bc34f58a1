package ingest

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
)

// FileSubmission is an uploaded narrative report. Commune and Period, when
// given, override what the text says (a period that contradicts the text is
// rejected).
type FileSubmission struct {
	ID      string // report id to use; empty means a new one
	Name    string
	Data    []byte
	Commune string
	Period  string
	By      string
	At      time.Time
	Publish bool
	// OwnOnly is set for a commune reporter: a text naming another commune
	// is refused rather than filed under the reporter's code.
	OwnOnly bool
}

// CommuneFinder resolves a commune named in a report to its code.
type CommuneFinder interface {
	CommunesByName(ctx context.Context, era period.Era) ([]units.Unit, error)
	Regions(ctx context.Context, era period.Era) ([]units.Unit, error)
}

// SubmitFile reads a report, extracts its indicators and stores it as a
// draft version (or returns the version that already holds the same bytes).
func (s *Service) SubmitFile(ctx context.Context, f FileSubmission) (Result, error) {
	sub, ex, err := s.prepareFile(ctx, f)
	if err != nil {
		return Result{}, err
	}
	res, err := s.Submit(ctx, sub)
	if err != nil {
		return Result{}, err
	}
	res.Extraction = &ex
	return res, nil
}

// SubmitFiles is SubmitFile for many files at once (bulk ingest): files are
// read and extracted in parallel, then stored in a few large inserts. errs[i]
// is file i's own problem (a *Error); err is a database failure, in which
// case nothing of this call was acknowledged.
func (s *Service) SubmitFiles(ctx context.Context, files []FileSubmission) (results []Result, errs []error, err error) {
	results, errs = make([]Result, len(files)), make([]error, len(files))
	subs := make([]Submission, len(files))
	exs := make([]Extraction, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.NumCPU(); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				subs[i], exs[i], errs[i] = s.prepareFile(ctx, files[i])
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	var ok []Submission
	var at []int
	for i := range files {
		var ue *Error
		switch {
		case errs[i] == nil:
			ok, at = append(ok, subs[i]), append(at, i)
		case !errors.As(errs[i], &ue):
			return nil, nil, errs[i] // the database, not the file
		}
	}
	if len(ok) == 0 {
		return results, errs, nil
	}
	stored, err := s.SubmitBatch(ctx, ok)
	if err != nil {
		var ue *Error
		if errors.As(err, &ue) {
			// One file failed validation late: fall back to one at a time.
			for _, i := range at {
				results[i], errs[i] = s.Submit(ctx, subs[i])
				if errs[i] != nil && !errors.As(errs[i], &ue) {
					return nil, nil, errs[i]
				}
				if errs[i] == nil {
					results[i].Extraction = &exs[i]
				}
			}
			return results, errs, nil
		}
		return nil, nil, err
	}
	for j, i := range at {
		results[i] = stored[j]
		results[i].Extraction = &exs[i]
	}
	return results, errs, nil
}

// prepareFile reads and extracts a file and resolves its commune and period
// into a submission, without storing anything.
func (s *Service) prepareFile(ctx context.Context, f FileSubmission) (Submission, Extraction, error) {
	cat, err := s.catalogue(ctx)
	if err != nil {
		return Submission{}, Extraction{}, err
	}
	text, info, err := ReadDocument(f.Name, f.Data)
	if err != nil {
		return Submission{}, Extraction{}, err
	}
	ex := Extract(text, cat.All())
	ex.File, ex.Encoding = f.Name, info.Encoding
	ex.Warnings = append(append([]string{}, info.Warnings...), ex.Warnings...)

	p, err := s.filePeriod(f, ex)
	if err != nil {
		return Submission{}, ex, err
	}
	commune, warn, err := s.fileCommune(ctx, f, ex, p)
	if err != nil {
		return Submission{}, ex, err
	}
	ex.Warnings = append(ex.Warnings, warn...)
	vals := make([]model.Value, 0, len(ex.Indicators))
	for _, v := range ex.Indicators {
		ind, ok := cat.Get(v.Code)
		if !ok {
			continue
		}
		// An extracted figure no report can mean is dropped with a warning,
		// not allowed to reject the officer's whole file.
		if err := checkValue(ind, v.Value, "values."+v.Code); err != nil {
			ex.Warnings = append(ex.Warnings, fmt.Sprintf("%s: %s", v.Code, err.Error()))
			continue
		}
		vals = append(vals, model.Value{Indicator: v.Code, Value: v.Value, Unit: v.Unit, Evidence: v.Evidence,
			Start: v.Start, End: v.End, Confidence: v.Confidence, Method: model.MethodExtracted})
	}
	kind := strings.TrimPrefix(strings.ToLower(filepath.Ext(f.Name)), ".")
	if kind != "docx" {
		kind = "txt"
	}
	return Submission{ID: f.ID, Commune: commune, Period: p, Values: vals, SourceKind: kind,
		FileName: filepath.Base(f.Name), File: f.Data, Text: ex.Text, By: f.By, At: f.At, Publish: f.Publish,
		Warnings: ex.Warnings}, ex, nil
}

func (s *Service) filePeriod(f FileSubmission, ex Extraction) (period.Period, error) {
	var fromText period.Period
	if ex.Period != nil {
		fromText, _ = period.Parse(*ex.Period)
	}
	if f.Period == "" {
		if fromText.IsZero() {
			return period.Period{}, &Error{Code: "period_missing", Field: "period",
				MessageVI: "Không xác định được kỳ báo cáo trong văn bản; hãy chọn kỳ (ví dụ 2024-H1)",
				MessageEN: "The report does not state its period; please choose one (e.g. 2024-H1)"}
		}
		return fromText, nil
	}
	p, err := period.Parse(f.Period)
	if err != nil {
		return p, &Error{Code: "period_invalid", Field: "period",
			MessageVI: fmt.Sprintf("Kỳ báo cáo %q không hợp lệ (ví dụ 2024-H1, 2024, 2024-Q3)", f.Period),
			MessageEN: fmt.Sprintf("Period %q is not valid (e.g. 2024-H1, 2024, 2024-Q3)", f.Period)}
	}
	if !fromText.IsZero() && fromText != p {
		return p, &Error{Code: "period_conflict", Field: "period",
			MessageVI: fmt.Sprintf("Kỳ báo cáo đã chọn (%s) khác với kỳ ghi trong văn bản (%s)", p.LabelVI(), fromText.LabelVI()),
			MessageEN: fmt.Sprintf("The chosen period (%s) contradicts the report text (%s)", p.LabelEN(), fromText.LabelEN())}
	}
	return p, nil
}

// fileCommune picks the commune code: the one given, else the one the text
// names, found among the units of the period's era (and its district or
// province when the name alone is ambiguous).
func (s *Service) fileCommune(ctx context.Context, f FileSubmission, ex Extraction, p period.Period) (string, []string, error) {
	if f.Commune != "" {
		var warn []string
		if ex.Commune != nil {
			if u, ok, err := s.commune(ctx, p.Era(), f.Commune); err == nil && ok && NameKey(u.Name) != NameKey(*ex.Commune) {
				if f.OwnOnly {
					return "", nil, &Error{Code: "forbidden_commune", Field: "commune",
						MessageVI: fmt.Sprintf("Báo cáo ghi xã %q, không phải xã của bạn (%s)", *ex.Commune, u.Name),
						MessageEN: fmt.Sprintf("The report is about %q, not your commune (%s)", *ex.Commune, u.Name)}
				}
				warn = append(warn, fmt.Sprintf("Văn bản ghi xã %q nhưng được nộp cho mã %s (%s) / The text names %q but was submitted for %s (%s)",
					*ex.Commune, f.Commune, u.Name, *ex.Commune, f.Commune, u.Name))
			}
		}
		return f.Commune, warn, nil
	}
	if ex.Commune == nil {
		return "", nil, &Error{Code: "commune_missing", Field: "commune",
			MessageVI: "Không xác định được xã trong văn bản; hãy chọn mã xã", MessageEN: "The report does not name its commune; please give the commune code"}
	}
	byName, err := s.communeNames(ctx, p.Era())
	if err != nil {
		return "", nil, err
	}
	var hits []units.Unit
	for _, u := range byName[NameKey(*ex.Commune)] {
		if ex.UnitType == nil || u.Type == *ex.UnitType {
			hits = append(hits, u)
		}
	}
	if len(hits) > 1 && (ex.District != nil || ex.Province != nil) {
		regions, err := s.eraRegions(ctx, p.Era())
		if err != nil {
			return "", nil, err
		}
		narrow := func(byDistrict, byProvince bool) []units.Unit {
			var out []units.Unit
			for _, u := range hits {
				// Before 2025 a commune's parent is its district, whose parent is
				// the province; from 2025 the parent is the province.
				district, hasDistrict := regions["district:"+u.ParentCode]
				province := regions["province:"+u.ParentCode]
				if hasDistrict {
					province = regions["province:"+district.ParentCode]
				}
				if byDistrict && ex.District != nil && (!hasDistrict || NameKey(district.Name) != NameKey(*ex.District)) {
					continue
				}
				if byProvince && ex.Province != nil && province.Name != "" && NameKey(province.Name) != NameKey(*ex.Province) {
					continue
				}
				out = append(out, u)
			}
			return out
		}
		// Both, else either alone (a district name the text spells its own
		// way should not hide what the province settles).
		for _, by := range [][2]bool{{true, true}, {false, true}, {true, false}} {
			if narrowed := narrow(by[0], by[1]); len(narrowed) > 0 && len(narrowed) < len(hits) {
				hits = narrowed
				break
			}
		}
	}
	switch len(hits) {
	case 1:
		return hits[0].Code, nil, nil
	case 0:
		return "", nil, &Error{Code: "unknown_commune", Field: "commune",
			MessageVI: fmt.Sprintf("Không tìm thấy xã %q trong danh mục đơn vị hành chính", *ex.Commune),
			MessageEN: fmt.Sprintf("Commune %q is not in the unit list", *ex.Commune)}
	}
	return "", nil, &Error{Code: "commune_ambiguous", Field: "commune",
		MessageVI: fmt.Sprintf("Có %d xã tên %q; hãy chọn mã xã", len(hits), *ex.Commune),
		MessageEN: fmt.Sprintf("%d communes are named %q; please give the commune code", len(hits), *ex.Commune)}
}

// toneStyle maps the "old" tone placement to the "new" one (Hoà → Hòa), as
// the unit lists and reports use both.
var toneStyle = strings.NewReplacer("oà", "òa", "oá", "óa", "oả", "ỏa", "oã", "õa", "oạ", "ọa",
	"oè", "òe", "oé", "óe", "oẻ", "ỏe", "oẽ", "õe", "oẹ", "ọe",
	"uỳ", "ùy", "uý", "úy", "uỷ", "ủy", "uỹ", "ũy", "uỵ", "ụy")

// nameMarks writes every dash as " - " and every apostrophe as ', so that
// "Phan Rang-Tháp Chàm" meets "Phan Rang - Tháp Chàm" and "K’ Dang" "K'Dang".
var nameMarks = strings.NewReplacer("-", " - ", "\u2013", " - ", "\u2014", " - ", "\u2019", "'", "`", "'")

// NameKey normalises a place name for comparison: NFC, lower case, one tone
// style, one form of dashes and apostrophes, single spaces.
func NameKey(s string) string {
	s = strings.ToLower(norm.NFC.String(s))
	s = nameMarks.Replace(toneStyle.Replace(s))
	return strings.ReplaceAll(strings.Join(strings.Fields(s), " "), "' ", "'")
}

// eraCommunes returns (and caches: unit lists change only with a release)
// every commune of an era.
func (s *Service) eraCommunes(ctx context.Context, era period.Era) ([]units.Unit, error) {
	s.communesMu.Lock()
	defer s.communesMu.Unlock()
	if list, ok := s.communes[era]; ok {
		return list, nil
	}
	finder, ok := s.st.(CommuneFinder)
	if !ok {
		return nil, fmt.Errorf("ingest: the store cannot look communes up by name")
	}
	list, err := finder.CommunesByName(ctx, era)
	if err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	slices.SortFunc(list, func(a, b units.Unit) int { return strings.Compare(a.Code, b.Code) })
	if s.communes == nil {
		s.communes = map[period.Era][]units.Unit{}
	}
	s.communes[era] = list
	return list, nil
}

// commune finds one commune of an era in the cached list.
func (s *Service) commune(ctx context.Context, era period.Era, code string) (units.Unit, bool, error) {
	list, err := s.eraCommunes(ctx, era)
	if err != nil {
		return units.Unit{}, false, err
	}
	i, ok := slices.BinarySearchFunc(list, code, func(u units.Unit, c string) int { return strings.Compare(u.Code, c) })
	if !ok {
		return units.Unit{}, false, nil
	}
	return list[i], true, nil
}

// eraRegions returns (and caches) the provinces and districts of an era, by
// "level:code".
func (s *Service) eraRegions(ctx context.Context, era period.Era) (map[string]units.Unit, error) {
	s.communesMu.Lock()
	defer s.communesMu.Unlock()
	if m, ok := s.regions[era]; ok {
		return m, nil
	}
	finder, ok := s.st.(CommuneFinder)
	if !ok {
		return nil, fmt.Errorf("ingest: the store cannot list regions")
	}
	list, err := finder.Regions(ctx, era)
	if err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	m := make(map[string]units.Unit, len(list))
	for _, u := range list {
		m[u.Level+":"+u.Code] = u
	}
	if s.regions == nil {
		s.regions = map[period.Era]map[string]units.Unit{}
	}
	s.regions[era] = m
	return m, nil
}

// communeNames indexes an era's communes by NameKey (built once: normalising
// ten thousand names for every file was most of the cost of a bulk ingest).
func (s *Service) communeNames(ctx context.Context, era period.Era) (map[string][]units.Unit, error) {
	list, err := s.eraCommunes(ctx, era)
	if err != nil {
		return nil, err
	}
	s.communesMu.Lock()
	defer s.communesMu.Unlock()
	if m, ok := s.names[era]; ok {
		return m, nil
	}
	m := make(map[string][]units.Unit, len(list))
	for _, u := range list {
		k := NameKey(u.Name)
		m[k] = append(m[k], u)
	}
	if s.names == nil {
		s.names = map[period.Era]map[string][]units.Unit{}
	}
	s.names[era] = m
	return m, nil
}
