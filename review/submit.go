package review

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/i18n"
	"github.com/bdg-district/bdg/ingest"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/web"
)

// submitted is what the upload page says after a file was received.
type submitted struct {
	Duplicate bool
	Report    model.Report
}

func (h *Handler) uploadForm(c *gin.Context) {
	p := h.newPage(c, "upload", "upload.heading")
	p.Communes, p.Periods = h.allCommunes(c), periodChoices(h.now())
	h.render(c, http.StatusOK, "upload", p)
}

// formPeriod reads the period a form sent: chosen from the list, or typed
// in the free field when "other" was chosen.
func formPeriod(c *gin.Context) string {
	s := strings.TrimSpace(c.PostForm("period"))
	if s == "other" {
		s = strings.TrimSpace(c.PostForm("period_other"))
	}
	return s
}

// periodError is a period a person typed that bdg cannot read.
func periodError(s string) *apperr.Error {
	return apperr.BadRequest("period_invalid", "period",
		fmt.Sprintf("Kỳ báo cáo %q không hợp lệ: chọn trong danh sách, hoặc gõ mã như 2024-H1 (6 tháng đầu năm 2024), 2024 (cả năm), 2024-Q3 (quý III)", s),
		fmt.Sprintf("Period %q is not valid: pick one from the list, or type a code such as 2024-H1 (first half of 2024), 2024 (the year), 2024-Q3 (third quarter)", s))
}

func (h *Handler) upload(c *gin.Context) {
	p := h.newPage(c, "upload", "upload.heading")
	p.Communes, p.Periods = h.allCommunes(c), periodChoices(h.now())
	who := web.WhoFrom(c)
	commune, per := c.PostForm("commune"), formPeriod(c)
	p.Form.Commune, p.Form.Period = commune, per
	name, data, err := ingest.ReadUpload(c, "file")
	if err != nil {
		h.fail(c, p, "upload", err)
		return
	}
	// A commune reporter's unit is checked by ingest against the period's
	// era (its own commune, or the 2025 successor it was granted): forcing
	// the one code here would refuse the successor.
	if per != "" {
		if _, err := period.Parse(per); err != nil {
			h.fail(c, p, "upload", periodError(per))
			return
		}
	}
	res, queued, err := h.svc.SubmitFileOrQueue(c.Request.Context(), ingest.FileSubmission{
		Name: name, Data: data, Commune: commune, Period: per, By: who.Name(), Owner: who.Owner()})
	if err != nil {
		h.fail(c, p, "upload", err)
		return
	}
	switch {
	case queued:
		p.Notice = T(p.Lang, "upload.queued") + " " + res.Report.ID
		h.render(c, http.StatusAccepted, "upload", p)
	case res.Duplicate:
		// The same file again: say so, and where it is, rather than open
		// the old version as if it were new.
		p.Data = submitted{Duplicate: true, Report: res.Report}
		h.render(c, http.StatusOK, "upload", p)
	default:
		h.forgetBadge()
		c.Redirect(http.StatusSeeOther, "/review/"+url.PathEscape(res.Report.ID)+i18n.LangQuery(p.Lang))
	}
}

func (h *Handler) valuesForm(c *gin.Context) {
	p := h.newPage(c, "form", "form.heading")
	p.Communes, p.Periods = h.allCommunes(c), periodChoices(h.now())
	p.Form.Commune, p.Form.Period = c.Query("commune"), c.Query("period")
	p.Indicators = h.svc.Catalogue(c.Request.Context()).All()
	h.render(c, http.StatusOK, "form", p)
}

func (h *Handler) submitValues(c *gin.Context) {
	p := h.newPage(c, "form", "form.heading")
	p.Communes, p.Periods = h.allCommunes(c), periodChoices(h.now())
	ctx := c.Request.Context()
	cat := h.svc.Catalogue(ctx)
	p.Indicators = cat.All()
	who := web.WhoFrom(c)
	p.Form.Commune, p.Form.Period = c.PostForm("commune"), formPeriod(c)
	// Every typed value is kept and checked before anything is refused, so
	// one mistake never wipes the form.
	var vals []model.Value
	for _, ind := range cat.All() {
		s := strings.TrimSpace(c.PostForm("v." + ind.Code))
		p.Form.Values[ind.Code] = s
		if s == "" {
			continue // not stated
		}
		v, ok := ingest.ParseNumber(s)
		if !ok {
			p.Form.Errors["values."+ind.Code] = i18n.Pick(p.Lang, fmt.Sprintf("%q không phải là số", s), fmt.Sprintf("%q is not a number", s))
			continue
		}
		vals = append(vals, model.Value{Indicator: ind.Code, Value: v, Method: model.MethodTyped, Confidence: 1})
	}
	per, perr := period.Parse(p.Form.Period)
	switch {
	case perr != nil:
		p.Form.Errors["period"] = periodError(p.Form.Period).Message(p.Lang)
	case per.Start().After(h.now()):
		p.Form.Errors["period"] = i18n.Pick(p.Lang, "Kỳ này chưa bắt đầu", "This period has not started")
	}
	if perr == nil && !who.Owns(per.Era(), p.Form.Commune) {
		h.fail(c, p, "form", forbidden())
		return
	}
	if len(p.Form.Errors) > 0 {
		p.Error = T(p.Lang, "form.fix")
		h.render(c, http.StatusUnprocessableEntity, "form", p)
		return
	}
	if len(vals) == 0 {
		h.fail(c, p, "form", apperr.Invalid("values_missing", "values", "Chưa nhập chỉ tiêu nào.", "No figure was typed."))
		return
	}
	res, queued, err := h.svc.SubmitOrQueue(ctx, ingest.Submission{Commune: p.Form.Commune, Period: per, Values: vals, SourceKind: "form", By: who.Name()})
	if err != nil {
		h.fail(c, p, "form", err)
		return
	}
	if queued {
		p.Notice = T(p.Lang, "upload.queued") + " " + res.Report.ID
		h.render(c, http.StatusAccepted, "form", p)
		return
	}
	h.forgetBadge()
	c.Redirect(http.StatusSeeOther, "/review/"+url.PathEscape(res.Report.ID)+i18n.LangQuery(p.Lang))
}

func (h *Handler) importForm(c *gin.Context) {
	p := h.newPage(c, "import", "import.heading")
	p.Periods = periodChoices(h.now())
	p.Form.Period = c.Query("period")
	h.render(c, http.StatusOK, "import", p)
}

func (h *Handler) template(c *gin.Context) {
	per := strings.TrimSpace(c.Query("period"))
	if per == "other" {
		per = strings.TrimSpace(c.Query("period_other"))
	}
	if _, err := period.Parse(per); err != nil {
		p := h.newPage(c, "import", "import.heading")
		p.Periods, p.Form.Period = periodChoices(h.now()), per
		h.fail(c, p, "import", periodError(per))
		return
	}
	c.Redirect(http.StatusSeeOther, "/api/v1/templates/"+url.PathEscape(per)+".xlsx")
}

func (h *Handler) importTable(c *gin.Context) {
	p := h.newPage(c, "import", "import.heading")
	p.Periods = periodChoices(h.now())
	who := web.WhoFrom(c)
	p.Form.Period = formPeriod(c)
	name, data, err := ingest.ReadUpload(c, "file")
	if err != nil {
		h.fail(c, p, "import", err)
		return
	}
	var per period.Period
	if p.Form.Period != "" {
		if per, err = period.Parse(p.Form.Period); err != nil {
			h.fail(c, p, "import", periodError(p.Form.Period))
			return
		}
	}
	res, err := h.svc.ImportTable(c.Request.Context(), name, data, per, who.Name(), who.Owner(), false)
	if err != nil {
		h.fail(c, p, "import", err)
		return
	}
	h.forgetBadge()
	p.Imported = res
	h.render(c, http.StatusCreated, "import", p)
}
