package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/jsonw"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
)

// Store is what the ingest service needs from the database.
type Store interface {
	Unit(ctx context.Context, era period.Era, level, code string) (units.Unit, bool, error)
	Catalogue(ctx context.Context) (*catalogue.Catalogue, error)
	LatestVersion(ctx context.Context, era period.Era, commune string, p period.Period) (uint32, error)
	Reports(ctx context.Context, f model.ReportFilter) ([]model.Report, error)
	SaveFile(ctx context.Context, f model.File) error
	SaveFiles(ctx context.Context, fs []model.File) error
	SaveReport(ctx context.Context, r model.Report, vals []model.Value) error
	SaveVersions(ctx context.Context, versions []model.Version, statusRows []model.Report) error
	SetStatus(ctx context.Context, r model.Report) error
	Values(ctx context.Context, r model.Report) ([]model.Value, error)
}

// Service turns submissions into stored report versions.
type Service struct {
	st  Store
	now func() time.Time
	log *slog.Logger
	// locks serialise version numbering per commune and period within this
	// process; different reports proceed in parallel.
	locksMu sync.Mutex
	locks   map[string]*sync.Mutex
	spool   *Spool
	drainMu sync.Mutex // one drain at a time
	changed func()
	// communes caches each era's commune list for name lookups.
	communesMu sync.Mutex
	communes   map[period.Era][]units.Unit
	regions    map[period.Era]map[string]units.Unit
	names      map[period.Era]map[string][]units.Unit
	// cat caches the catalogue briefly: every submission needs it.
	catMu   sync.Mutex
	cat     *catalogue.Catalogue
	catTime time.Time
}

// catalogueTTL bounds how long an admin's catalogue edit takes to reach ingest.
const catalogueTTL = 30 * time.Second

func (s *Service) catalogue(ctx context.Context) (*catalogue.Catalogue, error) {
	s.catMu.Lock()
	defer s.catMu.Unlock()
	if s.cat != nil && time.Since(s.catTime) < catalogueTTL {
		return s.cat, nil
	}
	c, err := s.st.Catalogue(ctx)
	if err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	s.cat, s.catTime = c, time.Now()
	return c, nil
}

// lock takes the version-numbering lock of one commune and period.
func (s *Service) lock(era period.Era, commune string, p period.Period) func() {
	key := string(era) + "|" + commune + "|" + p.String()
	s.locksMu.Lock()
	if s.locks == nil {
		s.locks = map[string]*sync.Mutex{}
	}
	m, ok := s.locks[key]
	if !ok {
		m = &sync.Mutex{}
		s.locks[key] = m
	}
	s.locksMu.Unlock()
	m.Lock()
	return m.Unlock
}

// OnChange registers fn to run after every write (the analytics result
// cache listens, so that a publish shows at once).
func (s *Service) OnChange(fn func()) *Service {
	s.changed = fn
	return s
}

func (s *Service) notify() {
	if s.changed != nil {
		s.changed()
	}
}

// WithSpool makes Service queue submissions on disk when ClickHouse is
// unreachable (see SubmitOrQueue).
func (s *Service) WithSpool(sp *Spool) *Service {
	s.spool = sp
	return s
}

func newID() string { return uuid.NewString() }

// NewID makes a report id, for callers that must know it before storing
// (bulk ingest hands it to the spool on a database failure).
func NewID() string { return newID() }

// NewService makes an ingest service; now may be nil for the wall clock.
func NewService(st Store, now func() time.Time, log *slog.Logger) *Service {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{st: st, now: now, log: log}
}

// Submission is one report as received: structured values, or a file with
// the values extracted from it.
type Submission struct {
	// ID is the report id to use; empty means a new one. A spooled
	// submission keeps the id its client was given.
	ID         string
	Commune    string
	Period     period.Period
	Values     []model.Value
	SourceKind string // txt, docx, json, csv, xlsx, form
	FileName   string
	File       []byte // the original bytes, kept as sent
	Text       string // the normalised text of a narrative report
	By         string
	At         time.Time // when received; zero means now
	Publish    bool      // publish at once (structured data from a trusted officer)
	Warnings   []string
}

// Result is the stored report version.
type Result struct {
	Report    model.Report  `json:"report"`
	Values    []model.Value `json:"values"`
	Duplicate bool          `json:"duplicate"`
	// Extraction is what was read from a narrative report (nil for structured data).
	Extraction *Extraction `json:"extraction,omitempty"`
}

// Submit validates and stores a submission as a new version, or returns the
// existing version when the same content was already received.
func (s *Service) Submit(ctx context.Context, sub Submission) (Result, error) {
	cat, err := s.catalogue(ctx)
	if err != nil {
		return Result{}, err
	}
	if err := s.validate(ctx, cat, &sub); err != nil {
		return Result{}, err
	}
	era := sub.Period.Era()
	hash := contentHash(sub)
	defer s.lock(era, sub.Commune, sub.Period)()
	// One read gives both the versions so far and any with the same content.
	versions, err := s.st.Reports(ctx, model.ReportFilter{Era: era, Communes: []string{sub.Commune}, Period: sub.Period.String()})
	if err != nil {
		return Result{}, fmt.Errorf("ingest: %w", err)
	}
	var last uint32
	for _, r := range versions {
		last = max(last, r.Version)
	}
	for _, r := range versions {
		if r.ContentHash == hash && r.SourceKind == sub.SourceKind && !strings.HasPrefix(r.Note, correctionNote) {
			vals, err := s.st.Values(ctx, r)
			if err != nil {
				return Result{}, fmt.Errorf("ingest: %w", err)
			}
			return Result{Report: r, Values: vals, Duplicate: true}, nil
		}
	}
	at := sub.At
	if at.IsZero() {
		at = s.now()
	}
	id := sub.ID
	if id == "" {
		id = newID()
	}
	r := model.Report{ID: id, Era: era, Commune: sub.Commune, Period: sub.Period, Version: last + 1,
		Status: model.StatusDraft, SourceKind: sub.SourceKind, FileName: sub.FileName, ContentHash: hash,
		SubmittedBy: sub.By, SubmittedAt: at.Truncate(time.Second), Warnings: sub.Warnings}
	if sub.File != nil || sub.Text != "" {
		if err := s.st.SaveFile(ctx, model.File{Hash: hash, Name: sub.FileName, Bytes: sub.File, Text: sub.Text}); err != nil {
			return Result{}, fmt.Errorf("ingest: %w", err)
		}
	}
	for i := range sub.Values {
		if sub.Values[i].CreatedAt.IsZero() {
			sub.Values[i].CreatedAt = r.SubmittedAt
		}
		if sub.Values[i].CreatedBy == "" {
			sub.Values[i].CreatedBy = sub.By
		}
	}
	if err := s.st.SaveReport(ctx, r, sub.Values); err != nil {
		return Result{}, fmt.Errorf("ingest: %w", err)
	}
	defer s.notify()
	if sub.Publish {
		if r, err = s.publishLocked(ctx, r, sub.By, r.SubmittedAt); err != nil {
			return Result{}, err
		}
	}
	s.log.Info("report stored", "id", r.ID, "commune", r.Commune, "period", r.Period.String(), "version", r.Version, "values", len(sub.Values))
	return Result{Report: r, Values: sub.Values}, nil
}

// Publish makes a version the one analytics read; the version published
// before it becomes superseded. Nothing is deleted.
func (s *Service) Publish(ctx context.Context, id, by string) (model.Report, error) {
	r, err := s.report(ctx, id)
	if err != nil {
		return model.Report{}, err
	}
	defer s.lock(r.Era, r.Commune, r.Period)()
	return s.publishLocked(ctx, r, by, s.now())
}

func (s *Service) publishLocked(ctx context.Context, r model.Report, by string, at time.Time) (model.Report, error) {
	if r.Status == model.StatusPublished {
		return r, nil
	}
	others, err := s.st.Reports(ctx, model.ReportFilter{Era: r.Era, Communes: []string{r.Commune}, Period: r.Period.String(), Status: model.StatusPublished})
	if err != nil {
		return model.Report{}, fmt.Errorf("ingest: %w", err)
	}
	for _, o := range others {
		if o.ID != r.ID {
			o.Status = model.StatusSuperseded
			if err := s.st.SetStatus(ctx, o); err != nil {
				return model.Report{}, fmt.Errorf("ingest: %w", err)
			}
		}
	}
	r.Status, r.PublishedBy, r.PublishedAt = model.StatusPublished, by, at.Truncate(time.Second)
	if err := s.st.SetStatus(ctx, r); err != nil {
		return model.Report{}, fmt.Errorf("ingest: %w", err)
	}
	s.notify()
	return r, nil
}

// correctionNote starts the note of a correction version.
const correctionNote = "correction of version "

// Correction changes some values of a version.
type Correction struct {
	Values map[string]float64 // code → corrected value
	Remove []string           // codes the officer found not stated
	Note   string
	By     string
}

// Correct stores a new draft version: the base version's values with the
// corrections applied (method "corrected", who and when recorded).
func (s *Service) Correct(ctx context.Context, id string, c Correction) (Result, error) {
	base, err := s.report(ctx, id)
	if err != nil {
		return Result{}, err
	}
	cat, err := s.catalogue(ctx)
	if err != nil {
		return Result{}, err
	}
	old, err := s.st.Values(ctx, base)
	if err != nil {
		return Result{}, fmt.Errorf("ingest: %w", err)
	}
	now := s.now().Truncate(time.Second)
	byCode := map[string]model.Value{}
	for _, v := range old {
		byCode[v.Indicator] = v
	}
	for _, code := range c.Remove {
		delete(byCode, code)
	}
	for code, val := range c.Values {
		v := byCode[code]
		v.Indicator, v.Value, v.Method, v.CreatedBy, v.CreatedAt = code, val, model.MethodCorrected, c.By, now
		if ind, ok := cat.Get(code); ok && v.Unit == "" {
			v.Unit = ind.Unit
		}
		byCode[code] = v
	}
	vals := make([]model.Value, 0, len(byCode))
	for _, v := range byCode {
		vals = append(vals, v)
	}
	sort.Slice(vals, func(i, j int) bool { return vals[i].Indicator < vals[j].Indicator })
	sub := Submission{Commune: base.Commune, Period: base.Period, Values: vals, SourceKind: base.SourceKind,
		FileName: base.FileName, By: c.By, At: now}
	if err := s.validate(ctx, cat, &sub); err != nil {
		return Result{}, err
	}
	defer s.lock(base.Era, base.Commune, base.Period)()
	last, err := s.st.LatestVersion(ctx, base.Era, base.Commune, base.Period)
	if err != nil {
		return Result{}, fmt.Errorf("ingest: %w", err)
	}
	r := model.Report{ID: newID(), Era: base.Era, Commune: base.Commune, Period: base.Period, Version: last + 1,
		Status: model.StatusDraft, SourceKind: base.SourceKind, FileName: base.FileName,
		// The text and file stay those of the base version: the evidence still points into them.
		ContentHash: base.ContentHash, SubmittedBy: c.By, SubmittedAt: now,
		Note: fmt.Sprintf("%s%d: %s", correctionNote, base.Version, c.Note), Warnings: base.Warnings}
	if err := s.st.SaveReport(ctx, r, vals); err != nil {
		return Result{}, fmt.Errorf("ingest: %w", err)
	}
	return Result{Report: r, Values: vals}, nil
}

func (s *Service) report(ctx context.Context, id string) (model.Report, error) {
	list, err := s.st.Reports(ctx, model.ReportFilter{ID: id})
	if err != nil {
		return model.Report{}, fmt.Errorf("ingest: %w", err)
	}
	if len(list) == 0 {
		return model.Report{}, &Error{Code: "report_not_found", Field: "id",
			MessageVI: "Không tìm thấy báo cáo " + id, MessageEN: "Report " + id + " not found"}
	}
	return list[0], nil
}

// maxCount bounds counts: no commune reaches a billion of anything.
const maxCount = 1e9

// validate checks the commune, the period and every value, and fills units.
func (s *Service) validate(ctx context.Context, cat *catalogue.Catalogue, sub *Submission) error {
	if sub.Period.IsZero() {
		return &Error{Code: "period_missing", Field: "period", MessageVI: "Thiếu kỳ báo cáo (ví dụ 2024-H1)", MessageEN: "The period is missing (e.g. 2024-H1)"}
	}
	if sub.Period.Start().After(s.now()) {
		return &Error{Code: "period_in_future", Field: "period",
			MessageVI: "Kỳ báo cáo " + sub.Period.String() + " chưa bắt đầu",
			MessageEN: "Period " + sub.Period.String() + " has not started yet"}
	}
	u, ok, err := s.commune(ctx, sub.Period.Era(), sub.Commune)
	if err != nil {
		return err
	}
	if !ok {
		return &Error{Code: "unknown_commune", Field: "commune",
			MessageVI: fmt.Sprintf("Không có xã/phường mã %q trong danh mục đơn vị hành chính của kỳ %s", sub.Commune, sub.Period),
			MessageEN: fmt.Sprintf("No commune with code %q in the unit list for period %s", sub.Commune, sub.Period)}
	}
	_ = u
	// A map only for long lists: a national import validates millions of
	// values, a few per report, and scanning a short list allocates nothing.
	var seen map[string]bool
	if len(sub.Values) > 32 {
		seen = make(map[string]bool, len(sub.Values))
	}
	for i, v := range sub.Values {
		ind, ok := cat.Get(v.Indicator)
		if !ok || (seen == nil && slices.ContainsFunc(sub.Values[:i], func(w model.Value) bool { return w.Indicator == v.Indicator })) ||
			seen[v.Indicator] {
			field := "values." + v.Indicator
			if ok {
				return &Error{Code: "duplicate_indicator", Field: field, MessageVI: "Chỉ tiêu bị lặp", MessageEN: "Indicator given twice"}
			}
			return &Error{Code: "unknown_indicator", Field: field,
				MessageVI: fmt.Sprintf("Chỉ tiêu %q không có trong danh mục", v.Indicator),
				MessageEN: fmt.Sprintf("Indicator %q is not in the catalogue", v.Indicator)}
		}
		if seen != nil {
			seen[v.Indicator] = true
		}
		if err := checkValue(ind, v.Value, ""); err != nil {
			err.(*Error).Field = "values." + v.Indicator // built only on error: this loop is hot
			return err
		}
		if sub.Values[i].Unit == "" {
			sub.Values[i].Unit = ind.Unit
		}
	}
	for _, w := range partWarnings(cat, sub.Values) {
		if !slices.Contains(sub.Warnings, w) { // validate may run twice on one submission
			sub.Warnings = append(sub.Warnings, w)
		}
	}
	return nil
}

// checkValue rejects numbers no report can mean.
func checkValue(ind catalogue.Indicator, v float64, field string) error {
	bad := func(code, vi, en string) error {
		return &Error{Code: code, Field: field, MessageVI: vi, MessageEN: en}
	}
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return bad("value_not_finite", "Giá trị không phải là số hữu hạn", "The value is not a finite number")
	case v < 0:
		return bad("value_negative", "Giá trị không được âm", "The value must not be negative")
	case ind.Unit == "%" && v > 100:
		return bad("ratio_over_100", "Tỷ lệ phải từ 0 đến 100%", "A percentage must be between 0 and 100")
	case ind.Unit != "%" && v != math.Trunc(v):
		return bad("value_not_integer", "Số đếm phải là số nguyên", "A count must be a whole number")
	case v > maxCount:
		return bad("value_too_large", "Giá trị quá lớn", "The value is too large")
	}
	return nil
}

// partWarnings notes a part larger than its whole ("trong đó nữ" above the total).
func partWarnings(cat *catalogue.Catalogue, vals []model.Value) []string {
	// A report has a few dozen values at most: a scan beats building a map
	// (this runs for every row of a national import).
	find := func(code string) (float64, bool) {
		for _, v := range vals {
			if v.Indicator == code {
				return v.Value, true
			}
		}
		return 0, false
	}
	var out []string
	for _, pw := range cat.Subsets() {
		part, ok1 := find(pw[0])
		whole, ok2 := find(pw[1])
		if ok1 && ok2 && part > whole {
			out = append(out, fmt.Sprintf("%s (%g) lớn hơn %s (%g) / %s is larger than %s", pw[0], part, pw[1], whole, pw[0], pw[1]))
		}
	}
	return out
}

// contentHash identifies a submission's content: the file's bytes, or for
// structured data the commune, period and sorted values.
func contentHash(sub Submission) string {
	h := sha256.New()
	if sub.File != nil {
		h.Write(sub.File)
	} else {
		type kv struct {
			C string  `json:"c"`
			V float64 `json:"v"`
		}
		vals := make([]kv, 0, len(sub.Values))
		for _, v := range sub.Values {
			vals = append(vals, kv{v.Indicator, v.Value})
		}
		slices.SortFunc(vals, func(a, b kv) int { return strings.Compare(a.C, b.C) })
		// The hashed bytes are encoding/json's of
		// {"commune","period","kind","values":[{"c","v"}]}, as stored hashes
		// were made; written by hand, as a national import hashes every row
		// (TestContentHashBytes holds the two equal).
		b := make([]byte, 0, 64+len(vals)*40)
		b = append(b, `{"commune":`...)
		b = jsonw.AppendString(b, sub.Commune)
		b = append(b, `,"period":`...)
		b = jsonw.AppendString(b, sub.Period.String())
		b = append(b, `,"kind":`...)
		b = jsonw.AppendString(b, sub.SourceKind)
		b = append(b, `,"values":`...)
		if len(vals) == 0 {
			b = append(b, "[]"...)
		} else {
			b = append(b, '[')
			for i, v := range vals {
				if i > 0 {
					b = append(b, ',')
				}
				b = append(b, `{"c":`...)
				b = jsonw.AppendString(b, v.C)
				b = append(b, `,"v":`...)
				b = jsonw.AppendFloat(b, v.V)
				b = append(b, '}')
			}
			b = append(b, ']')
		}
		h.Write(append(b, '}'))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// SubmitOrQueue submits, or when ClickHouse is unreachable writes the
// submission to the spool and reports it queued under the returned id.
func (s *Service) SubmitOrQueue(ctx context.Context, sub Submission) (res Result, queued bool, err error) {
	if sub.ID == "" {
		sub.ID = newID()
	}
	res, err = s.Submit(ctx, sub)
	if err == nil || !Unavailable(err) || s.spool == nil {
		return res, false, err
	}
	id, qerr := s.Queue(&sub, nil)
	if qerr != nil {
		return Result{}, false, qerr
	}
	return Result{Report: model.Report{ID: id, Commune: sub.Commune, Period: sub.Period, Status: "queued"}}, true, nil
}

// SubmitFileOrQueue is SubmitFile with the same fallback to the spool. A file
// that cannot be read is refused at once, database or not.
func (s *Service) SubmitFileOrQueue(ctx context.Context, f FileSubmission) (res Result, queued bool, err error) {
	if f.ID == "" {
		f.ID = newID()
	}
	res, err = s.SubmitFile(ctx, f)
	if err == nil || !Unavailable(err) || s.spool == nil {
		return res, false, err
	}
	// Only a readable file is queued: an unreadable one is refused now.
	if _, _, rerr := ReadDocument(f.Name, f.Data); rerr != nil {
		return Result{}, false, rerr
	}
	id, qerr := s.Queue(nil, &f)
	if qerr != nil {
		return Result{}, false, qerr
	}
	ex := Extract(mustText(f), catalogue.Default())
	ex.File = f.Name
	res = Result{Report: model.Report{ID: id, Commune: f.Commune, Status: "queued"}, Extraction: &ex}
	if p, perr := period.Parse(f.Period); perr == nil {
		res.Report.Period = p
	}
	return res, true, nil
}

func mustText(f FileSubmission) string {
	t, _, _ := ReadDocument(f.Name, f.Data)
	return t
}
