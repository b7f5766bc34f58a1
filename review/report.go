package review

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/i18n"
	"github.com/bdg-district/bdg/ingest"
	"github.com/bdg-district/bdg/ingest/extract"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/web"
)

// reportData is one version as the review page shows it.
type reportData struct {
	Report      model.Report
	CommuneName string
	// State is how the version stands: draft, published, superseded,
	// replaced (a newer version exists), old (older than the published
	// one) or withdrawn.
	State    string
	Current  *model.Report // the published version of its commune and period
	Newest   *model.Report // the newest version, when it is not this one
	Rows     []valueRow
	Errors   []catalogue.Failure
	Warnings []catalogue.Failure
	// Notes are the extraction's warnings, in the page's language.
	Notes     []string
	Conflicts []conflictView
	Segments  []web.Segment
	Versions  []model.Report
	Diff      []diffRow
	// What the viewer may do here.
	Editable, CanPublish, CanRestore, CanWithdraw, Waiting bool
	// Decision is what was typed in the publish form (kept on a refusal).
	Decision ingest.Decision
}

// valueRow is one indicator line of the review table; Cell says where a
// table value was read (its row and column), nil for a sentence's value.
type valueRow struct {
	Code, Name, Unit    string
	Value, Input        string
	Method, Confidence  string
	Evidence            string
	Failures            []string
	Severity            catalogue.Severity
	Stated, HasEvidence bool
	Cell                *extract.Cell
}

// conflictView is an indicator stated twice with different values.
type conflictView struct {
	Name       string
	Candidates []model.Value
}

// diffRow is one indicator's change against the published version, and
// its effect on the area figure.
type diffRow struct {
	Name                  string
	Before, After         string
	AreaBefore, AreaAfter string
}

// confidenceWord says how sure the extraction is, in words.
func confidenceWord(c float64, lang string) string {
	switch {
	case c >= 0.9:
		return T(lang, "confidence.high")
	case c >= 0.7:
		return T(lang, "confidence.medium")
	}
	return T(lang, "confidence.low")
}

// load finds the :id version the caller may see.
func (h *Handler) load(c *gin.Context) (model.Report, bool) {
	list, err := h.st.Reports(c.Request.Context(), model.ReportFilter{ID: c.Param("id"), Limit: 1})
	if err != nil {
		web.Abort(c, err)
		return model.Report{}, false
	}
	if len(list) == 0 || !web.WhoFrom(c).Owns(list[0].Era, list[0].Commune) {
		web.Abort(c, apperr.NotFound("report_not_found", "id", "Không tìm thấy báo cáo", "Report not found"))
		return model.Report{}, false
	}
	return list[0], true
}

// view builds the page data of version r for the caller.
func (h *Handler) view(c *gin.Context, p *page, r model.Report) (*reportData, error) {
	ctx := c.Request.Context()
	who := web.WhoFrom(c)
	d := &reportData{Report: r, CommuneName: r.Commune}
	if u, ok, _ := h.area.Unit(ctx, r.Era, r.Commune); ok {
		d.CommuneName = u.FullName()
	}
	versions, err := h.st.Reports(ctx, model.ReportFilter{Era: r.Era, Communes: []string{r.Commune}, Period: r.Period.String()})
	if err != nil {
		return nil, err
	}
	sort.Slice(versions, func(i, j int) bool { return versions[i].Version > versions[j].Version })
	d.Versions = versions
	if cur, ok := ingest.Current(versions); ok {
		d.Current = &cur
	}
	if len(versions) > 0 && versions[0].ID != r.ID {
		d.Newest = &versions[0]
	}
	d.State = r.Status
	switch {
	case r.Status == model.StatusDraft && d.Current != nil && r.Version < d.Current.Version:
		d.State = "old"
	case r.Status == model.StatusDraft && d.Newest != nil:
		d.State = "replaced"
	}
	d.Waiting = r.Status == model.StatusDraft && d.State == model.StatusDraft
	staff := who.May("POST /review/:id/publish")
	// Corrections start from the version that counts now: the waiting
	// draft, or the published version when nothing waits.
	d.Editable = staff && (d.Waiting || (d.State == model.StatusPublished && d.Newest == nil))
	d.CanPublish = staff && d.Waiting
	d.CanRestore = staff && (d.State == model.StatusSuperseded || d.State == "old" || d.State == "replaced") && who.May("POST /review/:id/restore")
	d.CanWithdraw = !staff && d.Waiting && who.May("POST /review/:id/withdraw")

	vals, err := h.st.Values(ctx, r)
	if err != nil {
		return nil, err
	}
	failures, err := h.svc.Check(ctx, r, vals)
	if err != nil {
		return nil, err
	}
	byField := map[string][]catalogue.Failure{}
	for _, f := range failures {
		byField[f.Field] = append(byField[f.Field], f)
		if f.Severity == catalogue.SeverityError {
			d.Errors = append(d.Errors, f)
		} else {
			d.Warnings = append(d.Warnings, f)
		}
	}
	byCode := map[string]model.Value{}
	for _, v := range vals {
		byCode[v.Indicator] = v
	}
	cat := h.svc.Catalogue(ctx)
	for _, ind := range cat.All() {
		row := valueRow{Code: ind.Code, Name: ind.Name(p.Lang), Unit: ind.UnitLabel(p.Lang)}
		if v, ok := byCode[ind.Code]; ok {
			row.Stated = true
			row.Value, row.Input = i18n.FormatNumber(v.Value, p.Lang), numInput(v.Value)
			row.Method, row.Evidence, row.HasEvidence = i18n.MethodName(p.Lang, v.Method), v.Evidence, v.End > v.Start
			if v.Method == model.MethodExtracted {
				row.Confidence = confidenceWord(v.Confidence, p.Lang)
			}
		}
		if typed, ok := p.Form.Values[ind.Code]; ok {
			row.Input = typed // what the officer typed survives a refusal
		}
		for _, f := range byField[ind.Code] {
			row.Failures = append(row.Failures, f.Message(p.Lang))
			if row.Severity != catalogue.SeverityError {
				row.Severity = f.Severity
			}
		}
		if msg, ok := p.Form.Errors["v."+ind.Code]; ok {
			row.Failures, row.Severity = append(row.Failures, msg), catalogue.SeverityError
		}
		d.Rows = append(d.Rows, row)
	}
	for _, w := range r.Warnings {
		d.Notes = append(d.Notes, i18n.Bilingual(w, p.Lang))
	}
	for _, cf := range r.Conflicts {
		name := cf.Code
		if ind, ok := cat.Get(cf.Code); ok {
			name = ind.Name(p.Lang)
		}
		d.Conflicts = append(d.Conflicts, conflictView{Name: name, Candidates: cf.Candidates})
	}
	if r.ContentHash != "" {
		if _, text, err := h.st.FileText(ctx, r.ContentHash); err == nil && text != "" {
			spans := make([]web.Span, 0, len(vals))
			cells := map[string]*extract.Cell{}
			for _, v := range vals {
				spans = append(spans, web.Span{Indicator: v.Indicator, Start: v.Start, End: v.End})
				// A value read from a table: find its cell again in the text.
				if v.Method == model.MethodExtracted {
					if c, ok := extract.CellAt(text, v.Start, v.End); ok {
						cells[v.Indicator] = &c
						spans = append(spans, web.Span{Indicator: v.Indicator, Start: c.Start, End: c.End, Cell: true})
					}
				}
			}
			for i := range d.Rows {
				d.Rows[i].Cell = cells[d.Rows[i].Code]
			}
			d.Segments = web.Highlight(text, spans)
		}
	}
	if d.CanPublish {
		if d.Diff, err = h.diff(ctx, cat, p.Lang, r, vals, d.Current); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// diff is what publishing r would change: each indicator whose value
// differs from the published version's, and the area figure before and
// after.
func (h *Handler) diff(ctx context.Context, cat *catalogue.Catalogue, lang string, r model.Report, vals []model.Value, cur *model.Report) ([]diffRow, error) {
	after := valueFigures(vals)
	before := catalogue.Figures{}
	if cur != nil {
		old, err := h.st.Values(ctx, *cur)
		if err != nil {
			return nil, err
		}
		before = valueFigures(old)
	}
	show := func(f catalogue.Figures, ind catalogue.Indicator) string {
		if v, ok := cat.Value(ind, f); ok {
			if ind.IsRatio() {
				return i18n.FormatPercent(v, lang)
			}
			return i18n.FormatNumber(v, lang)
		}
		return "–"
	}
	var out []diffRow
	for _, ind := range cat.All() {
		b, a := show(before, ind), show(after, ind)
		if a == b {
			continue
		}
		row := diffRow{Name: ind.Name(lang), Before: b, After: a, AreaBefore: "–", AreaAfter: "–"}
		// The area figure moves by this commune's change: counts and
		// stocks by the difference, a ratio through its parts.
		codes := cat.Parts(ind)
		areaNow := make(catalogue.Figures, len(codes))
		complete := true
		for _, code := range codes {
			v, err := h.area.AreaValue(ctx, r.Period, code)
			if err != nil {
				return nil, err
			}
			if v == nil {
				complete = false
				break
			}
			areaNow[code] = *v
		}
		if complete {
			areaThen := make(catalogue.Figures, len(codes))
			for _, code := range codes {
				areaThen[code] = areaNow[code] + after[code] - before[code]
			}
			row.AreaBefore, row.AreaAfter = show(areaNow, ind), show(areaThen, ind)
		}
		out = append(out, row)
	}
	return out, nil
}

func (h *Handler) report(c *gin.Context) {
	r, ok := h.load(c)
	if !ok {
		return
	}
	p := h.newPage(c, "", "review.heading")
	if c.Query("done") != "" {
		p.Notice = T(p.Lang, "done."+c.Query("done"))
	}
	h.show(c, p, r, http.StatusOK)
}

// show renders version r on p with status.
func (h *Handler) show(c *gin.Context, p *page, r model.Report, status int) {
	d, err := h.view(c, p, r)
	if err != nil {
		web.Abort(c, err)
		return
	}
	p.Title = T(p.Lang, "review.heading") + " · " + d.CommuneName + " · " + r.Period.Label(p.Lang)
	p.Data = d
	h.render(c, status, "report", p)
}

// refuse shows the version again with the user's mistake (typed values
// and the publish form kept), or leaves another error to the middleware.
func (h *Handler) refuse(c *gin.Context, p *page, r model.Report, err error, dec ingest.Decision) {
	ae, ok := apperr.As(err)
	if !ok {
		web.Abort(c, err)
		return
	}
	p.Error = ae.Message(p.Lang)
	if ae.Field != "" {
		p.Form.Errors[ae.Field] = p.Error
	}
	d, verr := h.view(c, p, r)
	if verr != nil {
		web.Abort(c, verr)
		return
	}
	d.Decision = dec
	p.Title, p.Data = T(p.Lang, "review.heading")+" · "+d.CommuneName+" · "+r.Period.Label(p.Lang), d
	h.render(c, ae.HTTPStatus(), "report", p)
}

// back sends the browser to a version's page, saying what was done.
func (h *Handler) back(c *gin.Context, id, done string) {
	q := url.Values{"done": {done}}
	if i18n.Lang(c) == "en" {
		q.Set("lang", "en")
	}
	c.Redirect(http.StatusSeeOther, "/review/"+url.PathEscape(id)+"?"+q.Encode())
}

func (h *Handler) correct(c *gin.Context) {
	ctx := c.Request.Context()
	r, ok := h.load(c)
	if !ok {
		return
	}
	p := h.newPage(c, "", "review.heading")
	old, err := h.st.Values(ctx, r)
	if err != nil {
		web.Abort(c, err)
		return
	}
	oldBy := valueFigures(old)
	corr := ingest.Correction{Values: map[string]float64{}, Note: strings.TrimSpace(c.PostForm("note")), By: web.WhoFrom(c).Name()}
	var bad error
	for _, ind := range h.svc.Catalogue(ctx).All() {
		s := strings.TrimSpace(c.PostForm("v." + ind.Code))
		p.Form.Values[ind.Code] = s
		prev, had := oldBy[ind.Code]
		switch {
		case s == "" && had:
			corr.Remove = append(corr.Remove, ind.Code)
		case s == "":
		default:
			v, ok := ingest.ParseNumber(s)
			if !ok {
				if bad == nil {
					bad = apperr.Invalid("value_not_number", "v."+ind.Code,
						ind.Name("vi")+": \""+s+"\" không phải là số", ind.Name("en")+": \""+s+"\" is not a number")
				}
				p.Form.Errors["v."+ind.Code] = i18n.Pick(p.Lang, "\""+s+"\" không phải là số", "\""+s+"\" is not a number")
				continue
			}
			if !had || v != prev {
				corr.Values[ind.Code] = v
			}
		}
	}
	if bad != nil {
		h.refuse(c, p, r, bad, ingest.Decision{})
		return
	}
	if len(corr.Values) == 0 && len(corr.Remove) == 0 {
		h.back(c, r.ID, "unchanged")
		return
	}
	res, err := h.svc.Correct(ctx, r.ID, corr)
	if err != nil {
		if ae, ok := apperr.As(err); ok && strings.HasPrefix(ae.Field, "values.") {
			ae = ae.WithField("v." + strings.TrimPrefix(ae.Field, "values."))
			err = ae
		}
		h.refuse(c, p, r, err, ingest.Decision{})
		return
	}
	h.forgetBadge()
	h.back(c, res.Report.ID, "corrected")
}

func (h *Handler) publish(c *gin.Context) {
	r, ok := h.load(c)
	if !ok {
		return
	}
	p := h.newPage(c, "", "review.heading")
	dec := ingest.Decision{Override: c.PostForm("override") == "1", Reason: strings.TrimSpace(c.PostForm("reason")),
		Acknowledged: c.PostForm("acknowledge") == "1"}
	pub, err := h.svc.Publish(c.Request.Context(), r.ID, web.WhoFrom(c).Name(), dec)
	if err != nil {
		h.refuse(c, p, r, err, dec)
		return
	}
	if pub.Decision != nil {
		web.AuditDetail(c, pub.Decision)
	}
	h.forgetBadge()
	h.back(c, r.ID, "published")
}

func (h *Handler) restore(c *gin.Context) {
	r, ok := h.load(c)
	if !ok {
		return
	}
	p := h.newPage(c, "", "review.heading")
	reason := strings.TrimSpace(c.PostForm("reason"))
	if c.PostForm("confirm") != "1" {
		h.refuse(c, p, r, apperr.Invalid("restore_unconfirmed", "confirm", "Hãy đánh dấu xác nhận khôi phục", "Please tick the box to confirm the restore"), ingest.Decision{})
		return
	}
	res, err := h.svc.Restore(c.Request.Context(), r.ID, web.WhoFrom(c).Name(), reason)
	if err != nil {
		h.refuse(c, p, r, err, ingest.Decision{})
		return
	}
	web.AuditDetail(c, map[string]any{"restored_version": r.Version, "new_version": res.Report.Version, "reason": reason})
	h.forgetBadge()
	h.back(c, res.Report.ID, "restored")
}

func (h *Handler) withdraw(c *gin.Context) {
	r, ok := h.load(c)
	if !ok {
		return
	}
	p := h.newPage(c, "", "review.heading")
	if _, err := h.svc.Withdraw(c.Request.Context(), r.ID, web.WhoFrom(c).Name()); err != nil {
		h.refuse(c, p, r, err, ingest.Decision{})
		return
	}
	h.forgetBadge()
	c.Redirect(http.StatusSeeOther, "/review/mine"+i18n.LangQuery(i18n.Lang(c)))
}
