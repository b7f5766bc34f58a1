package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/ingest/extract"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
	"github.com/bdg-district/bdg/web"
)

// MaxUpload bounds an uploaded report: real ones are well under 1 MB.
const MaxUpload = 10 << 20

// AreaCommunes lists the communes of the monitored area in an era (the rows
// of the structured template).
type AreaCommunes interface {
	Communes(ctx context.Context, era period.Era) ([]units.Unit, error)
}

// API serves the ingest endpoints under /api/v1. Who is calling comes from
// the request (web.WhoFrom), put there by access control.
type API struct {
	svc  *Service
	area AreaCommunes
}

// NewAPI makes the ingest API.
func NewAPI(svc *Service, area AreaCommunes) *API { return &API{svc: svc, area: area} }

// APIRoutes registers the ingest API on a /api/v1 group.
func APIRoutes(r gin.IRoutes, a *API) {
	r.POST("/reports", a.postReport)
	r.GET("/reports/:id", a.getReport)
	r.POST("/reports/:id/corrections", a.postCorrection)
	r.POST("/reports/:id/publish", a.postPublish)
	r.POST("/reports/:id/restore", a.postRestore)
	r.POST("/reports/:id/withdraw", a.postWithdraw)
	r.GET("/templates/:period", a.getTemplate)
	r.POST("/imports", a.postImport)
}

func badPeriod() *apperr.Error {
	return apperr.BadRequest("period_invalid", "period", "Kỳ báo cáo không hợp lệ (ví dụ 2024-H1)", "The period is not valid (e.g. 2024-H1)")
}

// getTemplate sends the XLSX template of a period (".xlsx" optional in the URL).
func (a *API) getTemplate(c *gin.Context) {
	p, err := period.Parse(strings.TrimSuffix(c.Param("period"), ".xlsx"))
	if err != nil {
		web.Abort(c, badPeriod())
		return
	}
	who := web.WhoFrom(c)
	own := who.CommuneIn(p.Era())
	if who.Owner() != nil && own == "" {
		web.Abort(c, notOwner(*who.Owner(), p))
		return
	}
	b, err := a.svc.TemplateFor(c.Request.Context(), a.area, p, own)
	if err != nil {
		web.Abort(c, err)
		return
	}
	web.NoStore(c)
	c.Header("Content-Disposition", `attachment; filename="bdg-mau-so-lieu-`+p.String()+`.xlsx"`)
	c.Data(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b)
}

// TemplateFor builds the template of a period for the area's communes, or
// only for own when a commune reporter asks.
func (s *Service) TemplateFor(ctx context.Context, area AreaCommunes, p period.Period, own string) ([]byte, error) {
	communes, err := area.Communes(ctx, p.Era())
	if err != nil {
		return nil, err
	}
	if own != "" {
		communes = units.Only(communes, own)
	}
	var inds []catalogue.Indicator
	for _, ind := range s.Catalogue(ctx).All() {
		if !ind.IsRatio() { // ratios are computed from their parts
			inds = append(inds, ind)
		}
	}
	return Template(p, communes, inds)
}

// postImport takes a filled template (.xlsx) or a CSV and stores every row.
func (a *API) postImport(c *gin.Context) {
	who := web.WhoFrom(c)
	name, data, err := ReadUpload(c, "file")
	if err != nil {
		web.Abort(c, err)
		return
	}
	var p period.Period
	if s := strings.TrimSpace(c.PostForm("period")); s != "" {
		if p, err = period.Parse(s); err != nil {
			web.Abort(c, badPeriod())
			return
		}
	}
	publish := c.PostForm("publish") == "true"
	if publish && !mayPublish(who) {
		web.Abort(c, apperr.Forbidden("forbidden_publish", "publish", "Chỉ cán bộ huyện được công bố số liệu; hãy gửi không kèm publish",
			"Only district officers may publish; send the table without publish"))
		return
	}
	results, err := a.svc.ImportTable(c.Request.Context(), name, data, p, who.Name(), who.Owner(), publish)
	if err != nil {
		web.Abort(c, err)
		return
	}
	if publish {
		web.AuditDetail(c, map[string]any{"published": len(results)})
	}
	out := make([]ReportAnswer, 0, len(results))
	for _, r := range results {
		out = append(out, ToAnswer(r))
	}
	c.JSON(http.StatusCreated, gin.H{"reports": out})
}

// mayPublish tells whether the caller may publish: the access table says
// who may use the publish route, and every other way of publishing follows
// it.
func mayPublish(w web.Who) bool { return w.May("POST /api/v1/reports/:id/publish") }

// ReportAnswer is the API's view of a stored (or queued) report version: the
// answer of every ingest route that names one version.
type ReportAnswer struct {
	ID          string              `json:"id"`
	Version     uint32              `json:"version"`
	Status      string              `json:"status"`
	Commune     string              `json:"commune"`
	Period      string              `json:"period"`
	Duplicate   bool                `json:"duplicate"`
	Values      []model.Value       `json:"values"`
	Warnings    []string            `json:"warnings"`
	Extraction  *extract.Extraction `json:"extraction,omitempty"`
	SubmittedBy string              `json:"submitted_by,omitempty"`
	BasedOn     uint32              `json:"based_on,omitempty"`
	Note        string              `json:"note,omitempty"`
	// Failures are the validation rules the values do not pass.
	Failures  []catalogue.Failure `json:"failures"`
	Decision  *model.Decision     `json:"decision,omitempty"`
	Conflicts []model.Conflict    `json:"conflicts,omitempty"`
}

// ToAnswer is the answer for a stored (or queued) result.
func ToAnswer(res Result) ReportAnswer {
	r := res.Report
	out := ReportAnswer{ID: r.ID, Version: r.Version, Status: r.Status, Commune: r.Commune, Duplicate: res.Duplicate,
		Values: res.Values, Warnings: r.Warnings, Extraction: res.Extraction, SubmittedBy: r.SubmittedBy, BasedOn: r.BasedOn, Note: r.Note,
		Failures: res.Failures, Decision: r.Decision, Conflicts: r.Conflicts}
	if out.Failures == nil {
		out.Failures = []catalogue.Failure{}
	}
	if !r.Period.IsZero() {
		out.Period = r.Period.String()
	}
	if out.Values == nil {
		out.Values = []model.Value{}
	}
	if out.Warnings == nil {
		out.Warnings = []string{}
		if res.Extraction != nil {
			out.Warnings = res.Extraction.Warnings
		}
	}
	return out
}

// postReport accepts a multipart upload (file, optional commune and period)
// or a JSON body of structured values.
func (a *API) postReport(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, MaxUpload+1<<20)
	ct, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	switch ct {
	case "multipart/form-data":
		a.postFile(c)
	case "application/json":
		a.postValues(c)
	default:
		web.Abort(c, apperr.New(http.StatusUnsupportedMediaType, "content_type", "Content-Type",
			"Gửi tệp bằng multipart/form-data (trường file) hoặc số liệu bằng application/json",
			"Send a file as multipart/form-data (field file) or values as application/json"))
	}
}

// tooBig is the answer for a file over MaxUpload.
func tooBig(field string) *apperr.Error {
	return apperr.TooLarge("too_large", field,
		fmt.Sprintf("Tệp quá lớn (tối đa %d MB)", MaxUpload>>20), fmt.Sprintf("The file is too large (at most %d MB)", MaxUpload>>20))
}

// ReadUpload reads one uploaded file of a multipart form, at most MaxUpload
// bytes, with a checked name; every failure is an *apperr.Error.
func ReadUpload(c *gin.Context, field string) (name string, data []byte, err error) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, MaxUpload+1<<20)
	fh, err := c.FormFile(field)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", nil, tooBig(field)
		}
		return "", nil, apperr.BadRequest("file_missing", field, "Thiếu tệp (trường "+field+")", "The file is missing (field "+field+")")
	}
	if fh.Size > MaxUpload {
		return "", nil, tooBig(field)
	}
	if name, err = SafeFileName(RawFileName(fh)); err != nil {
		return "", nil, err
	}
	f, err := fh.Open()
	if err != nil {
		return "", nil, apperr.BadRequest("file_unreadable", field, "Không đọc được tệp gửi lên", "The uploaded file could not be read")
	}
	defer f.Close()
	data, err = io.ReadAll(io.LimitReader(f, MaxUpload+1))
	if err != nil || len(data) > MaxUpload {
		return "", nil, tooBig(field)
	}
	return name, data, nil
}

func (a *API) postFile(c *gin.Context) {
	who := web.WhoFrom(c)
	name, data, err := ReadUpload(c, "file")
	if err != nil {
		web.Abort(c, err)
		return
	}
	commune := strings.TrimSpace(c.PostForm("commune"))
	if commune != "" && !units.ValidCommuneCode(commune) {
		web.Abort(c, apperr.BadRequest("commune_invalid", "commune", "Mã xã phải gồm 5 chữ số", "A commune code is 5 digits"))
		return
	}
	// A commune reporter's unit decides the commune once the period (given
	// or read from the text) says which era it is in.
	sub := FileSubmission{Name: name, Data: data, Commune: commune, Period: strings.TrimSpace(c.PostForm("period")), By: who.Name(), Owner: who.Owner()}
	res, queued, err := a.svc.SubmitFileOrQueue(c.Request.Context(), sub)
	if err != nil {
		web.Abort(c, err)
		return
	}
	answer(c, res, queued)
}

func answer(c *gin.Context, res Result, queued bool) {
	status := http.StatusCreated
	switch {
	case queued:
		status = http.StatusAccepted
	case res.Duplicate:
		status = http.StatusOK
	}
	c.JSON(status, ToAnswer(res))
}

// valuesBody is the structured submission.
type valuesBody struct {
	Commune string                     `json:"commune"`
	Period  string                     `json:"period"`
	Values  map[string]json.RawMessage `json:"values"`
}

func invalidJSON(err error) *apperr.Error {
	return apperr.BadRequest("invalid_json", "", "JSON không hợp lệ: "+err.Error(), "Invalid JSON: "+err.Error())
}

func (a *API) postValues(c *gin.Context) {
	who := web.WhoFrom(c)
	raw, err := io.ReadAll(c.Request.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			web.Abort(c, tooBig("file"))
			return
		}
		web.Abort(c, apperr.BadRequest("body_unreadable", "", "Không đọc được nội dung gửi lên", "The request body could not be read"))
		return
	}
	if !utf8.Valid(raw) {
		web.Abort(c, apperr.BadRequest("invalid_utf8", "", "Nội dung không phải UTF-8 hợp lệ", "The body is not valid UTF-8"))
		return
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var body valuesBody
	if err := dec.Decode(&body); err != nil {
		web.Abort(c, invalidJSON(err))
		return
	}
	if dec.More() {
		web.Abort(c, apperr.BadRequest("invalid_json", "", "JSON có nội dung thừa sau đối tượng", "Trailing data after the JSON object"))
		return
	}
	if !units.ValidCommuneCode(body.Commune) {
		web.Abort(c, apperr.BadRequest("commune_invalid", "commune", "Thiếu hoặc sai mã xã (5 chữ số)", "The commune code (5 digits) is missing or invalid"))
		return
	}
	p, err := period.Parse(body.Period)
	if err != nil {
		web.Abort(c, badPeriod())
		return
	}
	if !who.Owns(p.Era(), body.Commune) {
		web.Abort(c, notOwner(*who.Owner(), p))
		return
	}
	if len(body.Values) == 0 {
		web.Abort(c, apperr.BadRequest("values_missing", "values", "Chưa có chỉ tiêu nào", "No values were given"))
		return
	}
	var vals []model.Value
	for code, rawV := range body.Values {
		var v float64
		if err := json.Unmarshal(rawV, &v); err != nil || math.IsInf(v, 0) || math.IsNaN(v) || string(bytes.TrimSpace(rawV)) == "null" {
			web.Abort(c, apperr.BadRequest("value_not_number", "values."+code, "Giá trị phải là một số", "The value must be a number"))
			return
		}
		vals = append(vals, model.Value{Indicator: code, Value: v, Method: model.MethodImported, Confidence: 1})
	}
	sub := Submission{Commune: body.Commune, Period: p, Values: vals, SourceKind: "json", File: raw, By: who.Name()}
	res, queued, err := a.svc.SubmitOrQueue(c.Request.Context(), sub)
	if err != nil {
		web.Abort(c, err)
		return
	}
	answer(c, res, queued)
}

// reportFor finds the report of the :id parameter that the caller may see.
func (a *API) reportFor(c *gin.Context) (model.Report, bool) {
	r, err := a.svc.Report(c.Request.Context(), c.Param("id"))
	if err != nil {
		web.Abort(c, err)
		return r, false
	}
	if !web.WhoFrom(c).Owns(r.Era, r.Commune) {
		// Not "forbidden": a reporter must not learn that another commune's report exists.
		web.Abort(c, apperr.NotFound("report_not_found", "id", "Không tìm thấy báo cáo", "Report not found"))
		return r, false
	}
	return r, true
}

func (a *API) getReport(c *gin.Context) {
	r, ok := a.reportFor(c)
	if !ok {
		return
	}
	vals, err := a.svc.st.Values(c.Request.Context(), r)
	if err != nil {
		web.Abort(c, err)
		return
	}
	failures, err := a.svc.Check(c.Request.Context(), r, vals)
	if err != nil {
		web.Abort(c, err)
		return
	}
	c.JSON(http.StatusOK, ToAnswer(Result{Report: r, Values: vals, Failures: failures}))
}

// correctionBody is a correction: new values by code, codes to remove, a note.
type correctionBody struct {
	Values map[string]float64 `json:"values"`
	Remove []string           `json:"remove"`
	Note   string             `json:"note"`
}

func (a *API) postCorrection(c *gin.Context) {
	if _, ok := a.reportFor(c); !ok {
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 1<<20)
	var body correctionBody
	dec := json.NewDecoder(c.Request.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		web.Abort(c, invalidJSON(err))
		return
	}
	res, err := a.svc.Correct(c.Request.Context(), c.Param("id"), Correction{Values: body.Values, Remove: body.Remove, Note: body.Note, By: web.WhoFrom(c).Name()})
	if err != nil {
		web.Abort(c, err)
		return
	}
	c.JSON(http.StatusCreated, ToAnswer(res))
}

// publishBody is a publishing decision; an empty body is a plain publish.
type publishBody struct {
	Override    bool   `json:"override"`
	Reason      string `json:"reason"`
	Acknowledge bool   `json:"acknowledge"`
}

// readJSON decodes an optional small JSON body (at most 64 KB, no unknown
// fields); an empty body leaves v as it is. A body of another type is
// refused rather than ignored: a form's fields would otherwise be dropped
// silently (the guard may already have read them) and, say, an override
// sent as a form would become a plain publish.
func readJSON(c *gin.Context, v any) error {
	if ct := c.GetHeader("Content-Type"); ct != "" {
		if mt, _, _ := mime.ParseMediaType(ct); mt != "application/json" {
			return apperr.New(http.StatusUnsupportedMediaType, "content_type", "Content-Type",
				"Gửi nội dung bằng application/json", "Send the body as application/json")
		}
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 64<<10)
	dec := json.NewDecoder(c.Request.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		return invalidJSON(err)
	}
	return nil
}

func (a *API) postPublish(c *gin.Context) {
	if _, ok := a.reportFor(c); !ok {
		return
	}
	var body publishBody
	if err := readJSON(c, &body); err != nil {
		web.Abort(c, err)
		return
	}
	d := Decision{Override: body.Override, Reason: body.Reason, Acknowledged: body.Acknowledge}
	r, err := a.svc.Publish(c.Request.Context(), c.Param("id"), web.WhoFrom(c).Name(), d)
	if err != nil {
		web.Abort(c, err)
		return
	}
	if r.Decision != nil {
		web.AuditDetail(c, r.Decision)
	}
	c.JSON(http.StatusOK, ToAnswer(Result{Report: r}))
}

func (a *API) postRestore(c *gin.Context) {
	if _, ok := a.reportFor(c); !ok {
		return
	}
	var body struct {
		Reason string `json:"reason"`
	}
	if err := readJSON(c, &body); err != nil {
		web.Abort(c, err)
		return
	}
	res, err := a.svc.Restore(c.Request.Context(), c.Param("id"), web.WhoFrom(c).Name(), body.Reason)
	if err != nil {
		web.Abort(c, err)
		return
	}
	web.AuditDetail(c, map[string]any{"restored_version": res.Report.BasedOn, "reason": res.Report.Note})
	c.JSON(http.StatusCreated, ToAnswer(res))
}

func (a *API) postWithdraw(c *gin.Context) {
	if _, ok := a.reportFor(c); !ok {
		return
	}
	r, err := a.svc.Withdraw(c.Request.Context(), c.Param("id"), web.WhoFrom(c).Name())
	if err != nil {
		web.Abort(c, err)
		return
	}
	c.JSON(http.StatusOK, ToAnswer(Result{Report: r}))
}

// SafeFileName checks an uploaded file's name. The name is data that ends up
// in pages, exports and logs, so anything that looks like a path, markup or a
// spreadsheet formula is refused rather than cleaned up silently.
func SafeFileName(name string) (string, error) {
	bad := apperr.BadRequest("file_name", "file",
		"Tên tệp không hợp lệ: chỉ dùng chữ, số, dấu cách, dấu chấm, gạch ngang và gạch dưới (không có ký tự ẩn hay ký tự đảo chiều)",
		"The file name is not valid: use letters, digits, spaces, dots, hyphens and underscores (no invisible or direction-changing characters)")
	if name == "" || len(name) > 200 || !utf8.ValidString(name) || strings.Contains(name, "..") ||
		strings.ContainsAny(name, "/\\<>:\"|?*'`;&$%{}[]") || strings.ContainsAny(name[:1], "=+-@.") {
		return "", bad
	}
	for _, r := range name {
		if invisible(r) {
			return "", bad
		}
	}
	return name, nil
}

// invisible tells whether r is a character a name must not hold because a
// person cannot see it, or sees something else: controls (C0 and C1),
// format characters (the bidirectional overrides and isolates such as
// U+202E, which turn "reportxcod.docx" into "reportdocx.exe" on screen,
// zero-width spaces and joiners, the byte order mark, the soft hyphen),
// every other default-ignorable character (variation selectors, tags,
// Hangul fillers, the combining grapheme joiner), line and paragraph separators, spaces other than the
// plain space, private-use characters, noncharacters and U+FFFD (what a
// name that was not UTF-8 becomes). Combining marks stay: a name written
// on macOS is decomposed (NFD) Vietnamese.
func invisible(r rune) bool {
	if r == ' ' {
		return false
	}
	return r == utf8.RuneError || unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs, unicode.Zs, unicode.Zl, unicode.Zp,
		unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector, unicode.Noncharacter_Code_Point)
}

// RawFileName is the file name as the client sent it: Go's multipart reader
// keeps only the base name, which would hide a "../../" path from the check.
func RawFileName(fh *multipart.FileHeader) string {
	if _, params, err := mime.ParseMediaType(fh.Header.Get("Content-Disposition")); err == nil {
		if n, ok := params["filename"]; ok {
			return n
		}
	}
	return fh.Filename
}
