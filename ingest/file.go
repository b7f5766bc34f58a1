package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/ingest/docread"
	"github.com/bdg-district/bdg/ingest/extract"
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
	// Owner is a commune reporter's unit: the period's era decides which
	// code it reports under (its own, or the 2025 successor it was
	// granted), and a period of an era where it has none is refused. It
	// sets OwnOnly.
	Owner *units.Scope `json:",omitempty"`
}

// SubmitFile reads a report, extracts its indicators and stores it as a
// draft version (or returns the version that already holds the same bytes).
func (s *Service) SubmitFile(ctx context.Context, f FileSubmission) (Result, error) {
	sub, ex, err := s.prepareFile(s.Catalogue(ctx), f)
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
// read, extracted and checked in parallel, then stored in a few large
// inserts. errs[i] is file i's own problem (an *apperr.Error); err is a
// database failure, in which case nothing of this call was acknowledged.
func (s *Service) SubmitFiles(ctx context.Context, files []FileSubmission) (results []Result, errs []error, err error) {
	results, errs = make([]Result, len(files)), make([]error, len(files))
	subs := make([]Submission, len(files))
	exs := make([]extract.Extraction, len(files))
	cat := s.Catalogue(ctx)
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				subs[i], exs[i], errs[i] = s.prepareFile(cat, files[i])
				if errs[i] == nil {
					errs[i] = s.validate(cat, &subs[i])
				}
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
		if errs[i] == nil {
			ok, at = append(ok, subs[i]), append(at, i)
		} else if _, user := apperr.As(errs[i]); !user {
			return nil, nil, errs[i]
		}
	}
	if len(ok) == 0 {
		return results, errs, nil
	}
	stored, err := s.SubmitBatch(ctx, ok)
	if err != nil {
		return nil, nil, err
	}
	for j, i := range at {
		results[i] = stored[j]
		results[i].Extraction = &exs[i]
	}
	return results, errs, nil
}

// prepareFile reads and extracts a file and resolves its commune and period
// into a submission, without storing anything and without the database.
func (s *Service) prepareFile(cat *catalogue.Catalogue, f FileSubmission) (Submission, extract.Extraction, error) {
	text, info, err := docread.Read(f.Name, f.Data)
	if err != nil {
		return Submission{}, extract.Extraction{}, err
	}
	ex, err := extract.ExtractWithin(text, cat.All(), extract.Budget{})
	if err != nil {
		return Submission{}, ex, err
	}
	ex.File, ex.Encoding = f.Name, info.Encoding
	ex.Warnings = append(append([]string{}, info.Warnings...), ex.Warnings...)

	p, err := filePeriod(f, ex)
	if err != nil {
		return Submission{}, ex, err
	}
	if f.Owner != nil {
		code := f.Owner.CodeIn(p.Era())
		if code == "" || (f.Commune != "" && f.Commune != code) {
			return Submission{}, ex, notOwner(*f.Owner, p)
		}
		f.Commune, f.OwnOnly = code, true
	}
	commune, warn, err := s.fileCommune(f, ex, p)
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
		if err := checkValue(ind, v.Value); err != nil {
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

// notOwner is the answer to a commune reporter writing for a unit it does
// not act for in period p's era: codes are reused across the 2025 reform,
// so the same code may name another commune.
func notOwner(owner units.Scope, p period.Period) *apperr.Error {
	if owner.Era == "" {
		return apperr.Forbidden("scope_unset", "commune",
			"Tài khoản chưa được xác định xã thuộc thời kỳ nào (trước hay từ 01/7/2025); hãy liên hệ quản trị viên",
			"Your account's commune has no era yet (before or from 1 July 2025); ask the administrator")
	}
	return apperr.Forbidden("forbidden_commune", "commune",
		fmt.Sprintf("Bạn chỉ được nộp báo cáo của xã mình (mã %s, %s); kỳ %s thuộc thời kỳ %s", owner.Code, owner.Era.Label("vi"), p, p.Era().Label("vi")),
		fmt.Sprintf("You may only submit your own commune's report (code %s, %s); period %s is %s", owner.Code, owner.Era.Label("en"), p, p.Era().Label("en")))
}

func filePeriod(f FileSubmission, ex extract.Extraction) (period.Period, error) {
	var fromText period.Period
	if ex.Period != nil {
		fromText, _ = period.Parse(*ex.Period)
	}
	if f.Period == "" {
		if fromText.IsZero() {
			return period.Period{}, apperr.Invalid("period_missing", "period",
				"Không xác định được kỳ báo cáo trong văn bản; hãy chọn kỳ (ví dụ 2024-H1)",
				"The report does not state its period; please choose one (e.g. 2024-H1)")
		}
		return fromText, nil
	}
	p, err := period.Parse(f.Period)
	if err != nil {
		return p, apperr.Invalid("period_invalid", "period",
			fmt.Sprintf("Kỳ báo cáo %q không hợp lệ (ví dụ 2024-H1, 2024, 2024-Q3)", f.Period),
			fmt.Sprintf("Period %q is not valid (e.g. 2024-H1, 2024, 2024-Q3)", f.Period))
	}
	if !fromText.IsZero() && fromText != p {
		return p, apperr.Invalid("period_conflict", "period",
			fmt.Sprintf("Kỳ báo cáo đã chọn (%s) khác với kỳ ghi trong văn bản (%s)", p.LabelVI(), fromText.LabelVI()),
			fmt.Sprintf("The chosen period (%s) contradicts the report text (%s)", p.LabelEN(), fromText.LabelEN()))
	}
	return p, nil
}

// fileCommune picks the commune code: the one given, else the one the text
// names, found among the units of the period's era (and its district or
// province when the name alone is ambiguous).
func (s *Service) fileCommune(f FileSubmission, ex extract.Extraction, p period.Period) (string, []string, error) {
	idx, err := s.unitIndex()
	if err != nil {
		return "", nil, err
	}
	if f.Commune != "" {
		var warn []string
		if ex.Commune != nil {
			if u, ok := idx.Commune(p.Era(), f.Commune); ok && units.NameKey(u.Name) != units.NameKey(*ex.Commune) {
				if f.OwnOnly {
					return "", nil, apperr.Forbidden("forbidden_commune", "commune",
						fmt.Sprintf("Báo cáo ghi xã %q, không phải xã của bạn (%s)", *ex.Commune, u.Name),
						fmt.Sprintf("The report is about %q, not your commune (%s)", *ex.Commune, u.Name))
				}
				warn = append(warn, fmt.Sprintf("Văn bản ghi xã %q nhưng được nộp cho mã %s (%s) / The text names %q but was submitted for %s (%s)",
					*ex.Commune, f.Commune, u.Name, *ex.Commune, f.Commune, u.Name))
			}
		}
		return f.Commune, warn, nil
	}
	if ex.Commune == nil {
		return "", nil, apperr.Invalid("commune_missing", "commune",
			"Không xác định được xã trong văn bản; hãy chọn mã xã", "The report does not name its commune; please give the commune code")
	}
	var hits []units.Unit
	for _, u := range idx.CommunesNamed(p.Era(), units.NameKey(*ex.Commune)) {
		if ex.UnitType == nil || u.Type == *ex.UnitType {
			hits = append(hits, u)
		}
	}
	if len(hits) > 1 && (ex.District != nil || ex.Province != nil) {
		narrow := func(byDistrict, byProvince bool) []units.Unit {
			var out []units.Unit
			for _, u := range hits {
				district, province := idx.Parents(u)
				if byDistrict && ex.District != nil && (district.Code == "" || units.NameKey(district.Name) != units.NameKey(*ex.District)) {
					continue
				}
				if byProvince && ex.Province != nil && province.Name != "" && units.NameKey(province.Name) != units.NameKey(*ex.Province) {
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
		return "", nil, apperr.Invalid("unknown_commune", "commune",
			fmt.Sprintf("Không tìm thấy xã %q trong danh mục đơn vị hành chính", *ex.Commune),
			fmt.Sprintf("Commune %q is not in the unit list", *ex.Commune))
	}
	return "", nil, apperr.Invalid("commune_ambiguous", "commune",
		fmt.Sprintf("Có %d xã tên %q; hãy chọn mã xã", len(hits), *ex.Commune),
		fmt.Sprintf("%d communes are named %q; please give the commune code", len(hits), *ex.Commune))
}

// SubmitOrQueue submits, or when ClickHouse is unreachable writes the
// submission to the spool and reports it queued under the returned id.
// The submission is checked first, database or not: what is acknowledged
// is only what will load.
func (s *Service) SubmitOrQueue(ctx context.Context, sub Submission) (res Result, queued bool, err error) {
	if sub.ID == "" {
		sub.ID = NewID()
	}
	if err := s.validate(s.Catalogue(ctx), &sub); err != nil {
		return Result{}, false, err
	}
	res, err = s.Submit(ctx, sub)
	if err == nil || !s.canQueue(err) {
		return res, false, err
	}
	if err := s.spool.put(spoolEntry{ID: sub.ID, Kind: "values", Values: &sub, Queued: s.now()}); err != nil {
		return Result{}, false, err
	}
	s.log.Warn("submission spooled: ClickHouse unavailable", "id", sub.ID)
	return Result{Report: model.Report{ID: sub.ID, Commune: sub.Commune, Period: sub.Period, Status: "queued"}, Values: sub.Values}, true, nil
}

// SubmitFileOrQueue is SubmitFile with the same fallback to the spool. The
// file is read, extracted and checked once, before anything is stored or
// queued, with the live catalogue (or the last one known).
func (s *Service) SubmitFileOrQueue(ctx context.Context, f FileSubmission) (res Result, queued bool, err error) {
	if f.ID == "" {
		f.ID = NewID()
	}
	cat := s.Catalogue(ctx)
	sub, ex, err := s.prepareFile(cat, f)
	if err == nil {
		err = s.validate(cat, &sub)
	}
	if err != nil {
		return Result{}, false, err
	}
	res, err = s.Submit(ctx, sub)
	if err == nil {
		res.Extraction = &ex
		return res, false, nil
	}
	if !s.canQueue(err) {
		return Result{}, false, err
	}
	if err := s.spool.put(spoolEntry{ID: f.ID, Kind: "file", File: &f, Queued: s.now()}); err != nil {
		return Result{}, false, err
	}
	s.log.Warn("submission spooled: ClickHouse unavailable", "id", f.ID)
	return Result{Report: model.Report{ID: f.ID, Commune: sub.Commune, Period: sub.Period, Status: "queued"},
		Values: sub.Values, Extraction: &ex}, true, nil
}
