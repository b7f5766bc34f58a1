package ingest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/store"
)

// Submit validates and stores one submission as a new version, or returns
// the existing version when the same content was already received.
func (s *Service) Submit(ctx context.Context, sub Submission) (Result, error) {
	res, err := s.SubmitBatch(ctx, []Submission{sub})
	if err != nil {
		return Result{}, err
	}
	return res[0], nil
}

// SubmitBatch validates every submission, then stores them all (or none,
// when one is wrong) in a few inserts. It is the one way a report version
// is written: a single submission is a batch of one, a correction a
// submission based on an earlier version.
func (s *Service) SubmitBatch(ctx context.Context, subs []Submission) ([]Result, error) {
	cat := s.Catalogue(ctx)
	for i := range subs {
		if subs[i].Period.IsZero() { // no key to lock: validation says what is wrong
			return nil, s.validate(cat, &subs[i])
		}
	}
	keys := keysOf(subs)
	defer s.lock(append([]lockKey(nil), keys...))()
	// The versions so far are read while the submissions are validated: a
	// national import spends about as long on each.
	type found struct {
		rs  map[lockKey][]model.Report
		err error
	}
	lctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan found, 1)
	go func() { // reads only keys: validate writes into subs meanwhile
		rs, err := s.existing(lctx, keys)
		done <- found{rs, err}
	}()
	for i := range subs {
		err := s.validate(cat, &subs[i])
		if err == nil && subs[i].Publish {
			err = publishAtEntry(cat, subs[i])
		}
		if err != nil {
			cancel()
			<-done
			return nil, err
		}
	}
	f := <-done
	if f.err != nil {
		return nil, f.err
	}
	res, err := s.write(ctx, subs, f.rs)
	if err != nil {
		return nil, err
	}
	for i := range res {
		res[i].Failures = cat.Check(figures(res[i].Values))
	}
	return res, nil
}

// publishAtEntry refuses to publish at once (a table imported by an officer
// with "publish") what breaks an error-severity rule: that needs the review
// page and an override with a reason. Nothing of the batch is stored.
func publishAtEntry(cat *catalogue.Catalogue, sub Submission) error {
	for _, f := range cat.Check(figures(sub.Values)) {
		if f.Severity == catalogue.SeverityError {
			e := apperr.Invalid("rule_failed", "values."+f.Field,
				fmt.Sprintf("Xã %s, %s: %s. Chưa lưu gì; hãy nhập không công bố rồi duyệt trên trang rà soát.", sub.Commune, sub.Period.LabelVI(), f.MessageVI),
				fmt.Sprintf("Commune %s, %s: %s. Nothing was stored; import without publishing and review it.", sub.Commune, sub.Period.LabelEN(), f.MessageEN))
			e.Rule = f.Rule
			return e
		}
	}
	return nil
}

func keysOf(subs []Submission) []lockKey {
	keys := make([]lockKey, 0, len(subs))
	for _, sub := range subs {
		keys = append(keys, lockKey{sub.Period.Era(), sub.Commune, sub.Period})
	}
	return keys
}

// existing reads the versions stored so far of the given communes and
// periods: one read per period.
func (s *Service) existing(ctx context.Context, keys []lockKey) (map[lockKey][]model.Report, error) {
	byPeriod := map[period.Period][]string{}
	seen := map[lockKey]bool{}
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			byPeriod[k.p] = append(byPeriod[k.p], k.commune)
		}
	}
	out := map[lockKey][]model.Report{}
	for p, communes := range byPeriod {
		rs, err := s.st.Reports(ctx, model.ReportFilter{Era: p.Era(), Period: p.String(), Communes: communes})
		if err != nil {
			return nil, fmt.Errorf("ingest: %w", err)
		}
		for _, r := range rs {
			k := lockKey{r.Era, r.Commune, r.Period}
			out[k] = append(out[k], r)
		}
	}
	return out, nil
}

// write stores validated submissions whose keys the caller has locked,
// given the versions stored so far: a submission whose content is already
// stored (same hash and kind, received rather than corrected) is answered
// with that version, marked Duplicate; every other gets a version number
// claimed across processes, then files, values and report rows are written,
// then the status rows of the versions a publish supersedes.
func (s *Service) write(ctx context.Context, subs []Submission, existing map[lockKey][]model.Report) ([]Result, error) {
	now := s.now().Truncate(time.Second)
	out := make([]Result, len(subs))
	hashes := make([]string, len(subs))
	fresh := make([]int, 0, len(subs))
	var claims []store.Claim
	for i := range subs {
		sub := &subs[i]
		k := lockKey{sub.Period.Era(), sub.Commune, sub.Period}
		hashes[i] = contentHash(*sub)
		if dup, ok := duplicateOf(existing[k], *sub, hashes[i]); ok {
			out[i] = Result{Report: dup, Values: sub.Values, Duplicate: true}
			continue
		}
		if sub.ID == "" {
			sub.ID = NewID()
		}
		fresh = append(fresh, i)
		claims = append(claims, store.Claim{Era: k.era, Commune: k.commune, Period: k.p, ID: sub.ID})
	}
	numbers, err := s.st.ClaimVersions(ctx, claims)
	if err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	var versions []model.Version
	var statusRows []model.Report
	var files []model.File
	seenFile := map[string]bool{}
	for _, i := range fresh {
		sub := subs[i]
		k := lockKey{sub.Period.Era(), sub.Commune, sub.Period}
		at := sub.At
		if at.IsZero() {
			at = now
		}
		r := model.Report{ID: sub.ID, Era: k.era, Commune: sub.Commune, Period: sub.Period, Version: numbers[sub.ID],
			Status: model.StatusDraft, SourceKind: sub.SourceKind, FileName: sub.FileName, ContentHash: hashes[i],
			SubmittedBy: sub.By, SubmittedAt: at.Truncate(time.Second), Warnings: sub.Warnings,
			BasedOn: sub.BasedOn, Note: sub.Note}
		for j := range sub.Values {
			if sub.Values[j].CreatedAt.IsZero() {
				sub.Values[j].CreatedAt = r.SubmittedAt
			}
			if sub.Values[j].CreatedBy == "" {
				sub.Values[j].CreatedBy = sub.By
			}
		}
		if sub.Publish {
			var rows []model.Report
			r, rows = publishRows(existing[k], r, sub.By, r.SubmittedAt)
			statusRows = append(statusRows, rows...)
		}
		existing[k] = append(existing[k], r)
		versions = append(versions, model.Version{Report: r, Values: sub.Values})
		out[i] = Result{Report: r, Values: sub.Values}
		// Tables keep their one file (ImportTable); corrections point into
		// their base's.
		if (sub.File != nil || sub.Text != "") && !seenFile[hashes[i]] {
			seenFile[hashes[i]] = true
			files = append(files, model.File{Hash: hashes[i], Name: sub.FileName, Bytes: sub.File, Text: sub.Text, ReceivedAt: r.SubmittedAt})
		}
	}
	if len(versions) == 0 {
		return out, nil
	}
	if err := s.st.SaveFiles(ctx, files); err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	if err := s.st.SaveVersions(ctx, versions, statusRows); err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	s.notify()
	for _, v := range versions {
		s.log.Info("report stored", "id", v.Report.ID, "commune", v.Report.Commune, "period", v.Report.Period.String(),
			"version", v.Report.Version, "status", v.Report.Status, "values", len(v.Values))
	}
	return out, nil
}

// duplicateOf finds the stored version with the same content: same hash and
// kind, received rather than corrected. A correction is never a duplicate.
func duplicateOf(versions []model.Report, sub Submission, hash string) (model.Report, bool) {
	if sub.BasedOn != 0 {
		return model.Report{}, false
	}
	for _, r := range versions {
		if r.ContentHash == hash && r.SourceKind == sub.SourceKind && r.BasedOn == 0 {
			return r, true
		}
	}
	return model.Report{}, false
}

// publishRows makes r the published version of its commune and period:
// r with its new status, and the rows that supersede every other version
// published so far. Nothing is deleted.
func publishRows(versions []model.Report, r model.Report, by string, at time.Time) (model.Report, []model.Report) {
	var rows []model.Report
	for _, o := range versions {
		if o.Status == model.StatusPublished && o.ID != r.ID {
			o.Status = model.StatusSuperseded
			rows = append(rows, o)
		}
	}
	r.Status, r.PublishedBy, r.PublishedAt = model.StatusPublished, by, at.Truncate(time.Second)
	return r, rows
}

// Decision is what an officer says when publishing: an override of
// error-severity rules with its reason, an acknowledgement of warnings.
type Decision struct {
	Override     bool
	Reason       string
	Acknowledged bool
}

// Outliers checks a version's values against the commune's published
// history and its peers (analytics does: it has the history).
type Outliers interface {
	Outliers(ctx context.Context, r model.Report, vals []model.Value) ([]catalogue.Failure, error)
}

// WithOutliers makes publishing also weigh outliers (warnings).
func (s *Service) WithOutliers(o Outliers) *Service {
	s.outliers = o
	return s
}

// Check runs every validation rule on a version: its own values' rules and,
// when the service has them, outliers against history and peers.
func (s *Service) Check(ctx context.Context, r model.Report, vals []model.Value) ([]catalogue.Failure, error) {
	failures := s.Catalogue(ctx).Check(figures(vals))
	if s.outliers != nil {
		more, err := s.outliers.Outliers(ctx, r, vals)
		if err != nil {
			return nil, err
		}
		failures = append(failures, more...)
	}
	return failures, nil
}

// Publish makes a version the one analytics read; the version published
// before it becomes superseded. Nothing is deleted. It is a decision, not a
// click: a version that fails an error-severity rule is refused unless d
// overrides it with a reason, warnings must be acknowledged, and a version
// older than the published one (or superseded) cannot come back this way
// (Restore makes a new version of it instead).
func (s *Service) Publish(ctx context.Context, id, by string, d Decision) (model.Report, error) {
	r, err := s.Report(ctx, id)
	if err != nil {
		return model.Report{}, err
	}
	if r.Status == model.StatusPublished {
		return r, nil
	}
	k := lockKey{r.Era, r.Commune, r.Period}
	defer s.lock([]lockKey{k})()
	versions, err := s.st.Reports(ctx, model.ReportFilter{Era: r.Era, Communes: []string{r.Commune}, Period: r.Period.String()})
	if err != nil {
		return model.Report{}, fmt.Errorf("ingest: %w", err)
	}
	for _, o := range versions {
		if o.ID == r.ID {
			r = o // the status as of now, under the lock
		}
	}
	if cur, ok := Current(versions); ok && cur.ID != r.ID && (r.Status == model.StatusSuperseded || r.Version < cur.Version) {
		return model.Report{}, apperr.Conflict("version_superseded", "id",
			fmt.Sprintf("Phiên bản %d cũ hơn phiên bản %d đang công bố; muốn đưa lại thì dùng \"Khôi phục phiên bản này\"", r.Version, cur.Version),
			fmt.Sprintf("Version %d is older than version %d, now published; to bring it back use \"Restore this version\"", r.Version, cur.Version))
	}
	if r.Status == model.StatusWithdrawn {
		return model.Report{}, apperr.Conflict("version_withdrawn", "id", "Xã đã rút bản nháp này", "The commune withdrew this draft")
	}
	vals, err := s.st.Values(ctx, r)
	if err != nil {
		return model.Report{}, fmt.Errorf("ingest: %w", err)
	}
	failures, err := s.Check(ctx, r, vals)
	if err != nil {
		return model.Report{}, err
	}
	if err := gate(failures, d); err != nil {
		return model.Report{}, err
	}
	dec := &model.Decision{Failures: failures, Override: d.Override, Reason: strings.TrimSpace(d.Reason), Acknowledged: d.Acknowledged}
	if len(failures) == 0 {
		dec = nil
	}
	r, rows := publishRows(versions, r, by, s.now())
	r.Decision = dec
	if err := s.st.SaveVersions(ctx, nil, append(rows, r)); err != nil {
		return model.Report{}, fmt.Errorf("ingest: %w", err)
	}
	s.notify()
	s.log.Info("report published", "id", r.ID, "commune", r.Commune, "period", r.Period.String(), "version", r.Version,
		"by", by, "override", d.Override)
	return r, nil
}

// gate says whether failures let a version through with decision d.
func gate(failures []catalogue.Failure, d Decision) error {
	var firstErr, firstWarn *catalogue.Failure
	for i, f := range failures {
		switch {
		case f.Severity == catalogue.SeverityError && firstErr == nil:
			firstErr = &failures[i]
		case f.Severity == catalogue.SeverityWarning && firstWarn == nil:
			firstWarn = &failures[i]
		}
	}
	switch {
	case d.Override && strings.TrimSpace(d.Reason) == "":
		return apperr.Invalid("override_reason_missing", "reason",
			"Công bố bất chấp quy tắc kiểm tra cần ghi rõ lý do", "Publishing despite a validation rule needs a reason")
	case firstErr != nil && !d.Override:
		e := apperr.Invalid("rule_failed", "values."+firstErr.Field,
			"Chưa công bố: "+firstErr.MessageVI+". Hãy sửa số liệu, hoặc công bố kèm lý do nếu số liệu đúng.",
			"Not published: "+firstErr.MessageEN+". Correct the figures, or publish with a reason if they are right.")
		e.Rule = firstErr.Rule
		return e
	case firstWarn != nil && !d.Acknowledged && !d.Override:
		e := apperr.Invalid("warnings_unacknowledged", "values."+firstWarn.Field,
			"Chưa công bố: cần xác nhận đã xem cảnh báo: "+firstWarn.MessageVI,
			"Not published: confirm that you have read the warnings: "+firstWarn.MessageEN)
		e.Rule = firstWarn.Rule
		return e
	}
	return nil
}

// Current is the published version among versions, if there is one.
func Current(versions []model.Report) (model.Report, bool) {
	var cur model.Report
	found := false
	for _, v := range versions {
		if v.Status == model.StatusPublished && (!found || v.Version > cur.Version) {
			cur, found = v, true
		}
	}
	return cur, found
}

// Restore brings an old version back as a new draft version: its values as
// they were, based on it, with the officer's reason. It is then reviewed
// and published like any other version.
func (s *Service) Restore(ctx context.Context, id, by, reason string) (Result, error) {
	if strings.TrimSpace(reason) == "" {
		return Result{}, apperr.Invalid("restore_reason_missing", "reason", "Hãy ghi lý do khôi phục", "Please give the reason for restoring")
	}
	base, err := s.Report(ctx, id)
	if err != nil {
		return Result{}, err
	}
	vals, err := s.st.Values(ctx, base)
	if err != nil {
		return Result{}, fmt.Errorf("ingest: %w", err)
	}
	for i := range vals {
		vals[i].CreatedBy, vals[i].CreatedAt = "", time.Time{} // the restored version's own
	}
	return s.Submit(ctx, Submission{Commune: base.Commune, Period: base.Period, Values: vals, SourceKind: base.SourceKind,
		FileName: base.FileName, By: by, Warnings: base.Warnings, BasedOn: base.Version, Hash: base.ContentHash,
		Note: strings.TrimSpace(reason)})
}

// Withdraw takes back a draft that was not published (a commune's own
// submission, before the district decides). Nothing is deleted.
func (s *Service) Withdraw(ctx context.Context, id, by string) (model.Report, error) {
	r, err := s.Report(ctx, id)
	if err != nil {
		return model.Report{}, err
	}
	defer s.lock([]lockKey{{r.Era, r.Commune, r.Period}})()
	if r, err = s.Report(ctx, id); err != nil {
		return model.Report{}, err
	}
	if r.Status != model.StatusDraft {
		return model.Report{}, apperr.Conflict("not_a_draft", "id", "Chỉ rút được bản nháp chưa công bố", "Only a draft that is not published can be withdrawn")
	}
	r.Status = model.StatusWithdrawn
	if err := s.st.SaveVersions(ctx, nil, []model.Report{r}); err != nil {
		return model.Report{}, fmt.Errorf("ingest: %w", err)
	}
	s.notify()
	s.log.Info("report withdrawn", "id", r.ID, "by", by)
	return r, nil
}

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
	base, err := s.Report(ctx, id)
	if err != nil {
		return Result{}, err
	}
	cat := s.Catalogue(ctx)
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
	// The text and file stay those of the base version: the evidence still
	// points into them.
	return s.Submit(ctx, Submission{Commune: base.Commune, Period: base.Period, Values: vals, SourceKind: base.SourceKind,
		FileName: base.FileName, By: c.By, At: now, Warnings: base.Warnings, BasedOn: base.Version,
		Hash: base.ContentHash, Note: c.Note})
}

// Report finds one report version by id.
func (s *Service) Report(ctx context.Context, id string) (model.Report, error) {
	list, err := s.st.Reports(ctx, model.ReportFilter{ID: id, Limit: 1})
	if err != nil {
		return model.Report{}, fmt.Errorf("ingest: %w", err)
	}
	if len(list) == 0 {
		return model.Report{}, apperr.NotFound("report_not_found", "id", "Không tìm thấy báo cáo "+id, "Report "+id+" not found")
	}
	return list[0], nil
}
