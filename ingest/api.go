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
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
)

// MaxUpload bounds an uploaded report: real ones are well under 1 MB.
const MaxUpload = 10 << 20

// Identity tells the API who is calling: a user name, and for a commune
// reporter the one commune code they may submit for ("" for officers).
type Identity func(c *gin.Context) (user, commune string)

// AreaCommunes lists the communes of the monitored area in an era (the rows
// of the structured template).
type AreaCommunes interface {
	Communes(ctx context.Context, era period.Era) ([]units.Unit, error)
}

// API serves the ingest endpoints under /api/v1.
type API struct {
	svc  *Service
	who  Identity
	area AreaCommunes
}

// NewAPI makes the ingest API; who may be nil before authentication exists.
func NewAPI(svc *Service, who Identity, area AreaCommunes) *API {
	if who == nil {
		who = func(*gin.Context) (string, string) { return "anonymous", "" }
	}
	return &API{svc: svc, who: who, area: area}
}

// APIRoutes registers the ingest API on a /api/v1 group.
func APIRoutes(r gin.IRoutes, a *API) {
	r.POST("/reports", a.postReport)
	r.GET("/reports/:id", a.getReport)
	r.POST("/reports/:id/corrections", a.postCorrection)
	r.POST("/reports/:id/publish", a.postPublish)
	r.GET("/templates/:period", a.getTemplate)
	r.POST("/imports", a.postImport)
}

// getTemplate sends the XLSX template of a period (".xlsx" optional in the URL).
func (a *API) getTemplate(c *gin.Context) {
	code := strings.TrimSuffix(c.Param("period"), ".xlsx")
	p, err := period.Parse(code)
	if err != nil {
		fail(c, http.StatusBadRequest, "period_invalid", "period", "Kỳ báo cáo không hợp lệ (ví dụ 2024-H1)", "The period is not valid (e.g. 2024-H1)")
		return
	}
	communes, err := a.area.Communes(c.Request.Context(), p.Era())
	if err != nil {
		respondErr(c, err)
		return
	}
	if _, own := a.who(c); own != "" {
		var mine []units.Unit
		for _, u := range communes {
			if u.Code == own {
				mine = append(mine, u)
			}
		}
		communes = mine
	}
	cat, err := a.svc.catalogue(c.Request.Context())
	if err != nil {
		respondErr(c, err)
		return
	}
	var inds []catalogue.Indicator
	for _, ind := range cat.All() {
		if !ind.IsRatio() { // ratios are computed from their parts
			inds = append(inds, ind)
		}
	}
	b, err := Template(p, communes, inds)
	if err != nil {
		respondErr(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="bdg-mau-so-lieu-`+p.String()+`.xlsx"`)
	c.Data(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b)
}

// postImport takes a filled template (.xlsx) or a CSV and stores every row.
func (a *API) postImport(c *gin.Context) {
	user, own := a.who(c)
	name, data, err := ReadUpload(c, "file")
	if err != nil {
		respondErr(c, err)
		return
	}
	var p period.Period
	if s := strings.TrimSpace(c.PostForm("period")); s != "" {
		if p, err = period.Parse(s); err != nil {
			fail(c, http.StatusBadRequest, "period_invalid", "period", "Kỳ báo cáo không hợp lệ (ví dụ 2024-H1)", "The period is not valid (e.g. 2024-H1)")
			return
		}
	}
	results, err := a.svc.ImportTable(c.Request.Context(), name, data, p, user, own, c.PostForm("publish") == "true")
	var te *TableError
	if errors.As(err, &te) {
		c.AbortWithStatusJSON(http.StatusUnprocessableEntity, gin.H{"error": te.First(), "problems": te.Problems})
		return
	}
	if err != nil {
		respondErr(c, err)
		return
	}
	out := make([]reportResponse, 0, len(results))
	for _, r := range results {
		out = append(out, toResponse(r))
	}
	c.JSON(http.StatusCreated, gin.H{"reports": out})
}

// reportResponse is the API's view of a stored (or queued) report version.
type reportResponse struct {
	ID          string        `json:"id"`
	Version     uint32        `json:"version"`
	Status      string        `json:"status"`
	Commune     string        `json:"commune"`
	Period      string        `json:"period"`
	Duplicate   bool          `json:"duplicate"`
	Values      []model.Value `json:"values"`
	Warnings    []string      `json:"warnings"`
	Extraction  *Extraction   `json:"extraction,omitempty"`
	SubmittedBy string        `json:"submitted_by,omitempty"`
}

func toResponse(res Result) reportResponse {
	r := res.Report
	out := reportResponse{ID: r.ID, Version: r.Version, Status: r.Status, Commune: r.Commune, Duplicate: res.Duplicate,
		Values: res.Values, Warnings: r.Warnings, Extraction: res.Extraction, SubmittedBy: r.SubmittedBy}
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

func fail(c *gin.Context, status int, code, field, vi, en string) {
	c.AbortWithStatusJSON(status, gin.H{"error": Error{Code: code, Field: field, MessageVI: vi, MessageEN: en}})
}

// respondErr answers an error from the service: a user's mistake is 422 (or
// 404/403), an unreachable database 503, a full spool 503.
func respondErr(c *gin.Context, err error) {
	var ue *Error
	switch {
	case errors.As(err, &ue):
		status := http.StatusUnprocessableEntity
		switch ue.Code {
		case "report_not_found":
			status = http.StatusNotFound
		case "file_missing", "file_name", "file_unreadable":
			status = http.StatusBadRequest
		case "forbidden_commune":
			status = http.StatusForbidden
		case CodeTooLarge, CodeTooMany, CodeTooDeep, "too_large":
			status = http.StatusRequestEntityTooLarge
		}
		c.AbortWithStatusJSON(status, gin.H{"error": ue})
	case errors.Is(err, ErrSpoolFull):
		fail(c, http.StatusServiceUnavailable, "spool_full", "", "Máy chủ tạm thời không lưu được báo cáo; chưa có gì được ghi nhận, vui lòng gửi lại sau",
			"The server cannot store the report right now; nothing was accepted, please send it again later")
	default:
		_ = c.Error(err)
		fail(c, http.StatusServiceUnavailable, "unavailable", "", "Cơ sở dữ liệu tạm thời không truy cập được, vui lòng thử lại",
			"The database is temporarily unavailable, please try again")
	}
}

// postReport accepts a multipart upload (file, optional commune and period)
// or a JSON body of structured values.
func (a *API) postReport(c *gin.Context) {
	user, own := a.who(c)
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, MaxUpload+1<<20)
	ct, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	switch ct {
	case "multipart/form-data":
		a.postFile(c, user, own)
	case "application/json":
		a.postValues(c, user, own)
	default:
		fail(c, http.StatusUnsupportedMediaType, "content_type", "Content-Type",
			"Gửi tệp bằng multipart/form-data (trường file) hoặc số liệu bằng application/json",
			"Send a file as multipart/form-data (field file) or values as application/json")
	}
}

// ReadUpload reads one uploaded file of a multipart form, at most MaxUpload
// bytes, with a checked name; every failure is a bilingual *Error.
func ReadUpload(c *gin.Context, field string) (name string, data []byte, err error) {
	tooBig := &Error{Code: "too_large", Field: field,
		MessageVI: fmt.Sprintf("Tệp quá lớn (tối đa %d MB)", MaxUpload>>20), MessageEN: fmt.Sprintf("The file is too large (at most %d MB)", MaxUpload>>20)}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, MaxUpload+1<<20)
	fh, err := c.FormFile(field)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", nil, tooBig
		}
		return "", nil, &Error{Code: "file_missing", Field: field, MessageVI: "Thiếu tệp (trường " + field + ")", MessageEN: "The file is missing (field " + field + ")"}
	}
	if fh.Size > MaxUpload {
		return "", nil, tooBig
	}
	if name, err = SafeFileName(RawFileName(fh)); err != nil {
		return "", nil, err
	}
	f, err := fh.Open()
	if err != nil {
		return "", nil, &Error{Code: "file_unreadable", Field: field, MessageVI: "Không đọc được tệp gửi lên", MessageEN: "The uploaded file could not be read"}
	}
	defer f.Close()
	data, err = io.ReadAll(io.LimitReader(f, MaxUpload+1))
	if err != nil || len(data) > MaxUpload {
		return "", nil, tooBig
	}
	return name, data, nil
}

func tooLargeBody(c *gin.Context, err error) bool {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		fail(c, http.StatusRequestEntityTooLarge, "too_large", "file",
			fmt.Sprintf("Tệp quá lớn (tối đa %d MB)", MaxUpload>>20), fmt.Sprintf("The file is too large (at most %d MB)", MaxUpload>>20))
		return true
	}
	return false
}

func (a *API) postFile(c *gin.Context, user, own string) {
	name, data, err := ReadUpload(c, "file")
	if err != nil {
		respondErr(c, err)
		return
	}
	commune := strings.TrimSpace(c.PostForm("commune"))
	if own != "" {
		if commune != "" && commune != own {
			forbidden(c)
			return
		}
		commune = own
	}
	if !validCode(commune) {
		fail(c, http.StatusBadRequest, "commune_invalid", "commune", "Mã xã phải gồm 5 chữ số", "A commune code is 5 digits")
		return
	}
	sub := FileSubmission{Name: name, Data: data, Commune: commune, Period: strings.TrimSpace(c.PostForm("period")), By: user, OwnOnly: own != ""}
	res, queued, err := a.svc.SubmitFileOrQueue(c.Request.Context(), sub)
	if err != nil {
		respondErr(c, err)
		return
	}
	// A reporter whose file names another commune is refused: it would write
	// that commune's figures.
	if own != "" && !queued && res.Report.Commune != own {
		forbidden(c)
		return
	}
	answer(c, res, queued)
}

// validCode is an empty commune (to be read from the file) or a well-formed one.
func validCode(code string) bool { return code == "" || units.ValidCommuneCode(code) }

func forbidden(c *gin.Context) {
	fail(c, http.StatusForbidden, "forbidden_commune", "commune", "Bạn chỉ được nộp báo cáo của xã mình", "You may only submit your own commune's report")
}

func answer(c *gin.Context, res Result, queued bool) {
	status := http.StatusCreated
	switch {
	case queued:
		status = http.StatusAccepted
	case res.Duplicate:
		status = http.StatusOK
	}
	c.JSON(status, toResponse(res))
}

// valuesBody is the structured submission.
type valuesBody struct {
	Commune string                     `json:"commune"`
	Period  string                     `json:"period"`
	Values  map[string]json.RawMessage `json:"values"`
}

func (a *API) postValues(c *gin.Context, user, own string) {
	raw, err := io.ReadAll(c.Request.Body)
	if err != nil {
		if tooLargeBody(c, err) {
			return
		}
		fail(c, http.StatusBadRequest, "body_unreadable", "", "Không đọc được nội dung gửi lên", "The request body could not be read")
		return
	}
	if !utf8.Valid(raw) {
		fail(c, http.StatusBadRequest, "invalid_utf8", "", "Nội dung không phải UTF-8 hợp lệ", "The body is not valid UTF-8")
		return
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var body valuesBody
	if err := dec.Decode(&body); err != nil {
		fail(c, http.StatusBadRequest, "invalid_json", "", "JSON không hợp lệ: "+err.Error(), "Invalid JSON: "+err.Error())
		return
	}
	if dec.More() {
		fail(c, http.StatusBadRequest, "invalid_json", "", "JSON có nội dung thừa sau đối tượng", "Trailing data after the JSON object")
		return
	}
	if body.Commune == "" || !validCode(body.Commune) {
		fail(c, http.StatusBadRequest, "commune_invalid", "commune", "Thiếu hoặc sai mã xã (5 chữ số)", "The commune code (5 digits) is missing or invalid")
		return
	}
	if own != "" && body.Commune != own {
		forbidden(c)
		return
	}
	p, err := period.Parse(body.Period)
	if err != nil {
		fail(c, http.StatusBadRequest, "period_invalid", "period", "Kỳ báo cáo không hợp lệ (ví dụ 2024-H1)", "The period is not valid (e.g. 2024-H1)")
		return
	}
	if len(body.Values) == 0 {
		fail(c, http.StatusBadRequest, "values_missing", "values", "Chưa có chỉ tiêu nào", "No values were given")
		return
	}
	var vals []model.Value
	for code, rawV := range body.Values {
		var v float64
		if err := json.Unmarshal(rawV, &v); err != nil || math.IsInf(v, 0) || math.IsNaN(v) || string(bytes.TrimSpace(rawV)) == "null" {
			fail(c, http.StatusBadRequest, "value_not_number", "values."+code, "Giá trị phải là một số", "The value must be a number")
			return
		}
		vals = append(vals, model.Value{Indicator: code, Value: v, Method: model.MethodImported, Confidence: 1})
	}
	sub := Submission{Commune: body.Commune, Period: p, Values: vals, SourceKind: "json", File: raw, By: user}
	res, queued, err := a.svc.SubmitOrQueue(c.Request.Context(), sub)
	if err != nil {
		respondErr(c, err)
		return
	}
	answer(c, res, queued)
}

func (a *API) reportFor(c *gin.Context) (model.Report, bool) {
	r, err := a.svc.report(c.Request.Context(), c.Param("id"))
	if err != nil {
		respondErr(c, err)
		return r, false
	}
	if _, own := a.who(c); own != "" && r.Commune != own {
		// Not "forbidden": a reporter must not learn that another commune's report exists.
		respondErr(c, &Error{Code: "report_not_found", Field: "id", MessageVI: "Không tìm thấy báo cáo", MessageEN: "Report not found"})
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
		respondErr(c, err)
		return
	}
	c.JSON(http.StatusOK, toResponse(Result{Report: r, Values: vals}))
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
		fail(c, http.StatusBadRequest, "invalid_json", "", "JSON không hợp lệ: "+err.Error(), "Invalid JSON: "+err.Error())
		return
	}
	user, _ := a.who(c)
	res, err := a.svc.Correct(c.Request.Context(), c.Param("id"), Correction{Values: body.Values, Remove: body.Remove, Note: body.Note, By: user})
	if err != nil {
		respondErr(c, err)
		return
	}
	c.JSON(http.StatusCreated, toResponse(res))
}

func (a *API) postPublish(c *gin.Context) {
	if _, ok := a.reportFor(c); !ok {
		return
	}
	user, _ := a.who(c)
	r, err := a.svc.Publish(c.Request.Context(), c.Param("id"), user)
	if err != nil {
		respondErr(c, err)
		return
	}
	c.JSON(http.StatusOK, toResponse(Result{Report: r}))
}

// SafeFileName checks an uploaded file's name. The name is data that ends up
// in pages, exports and logs, so anything that looks like a path, markup or a
// spreadsheet formula is refused rather than cleaned up silently.
func SafeFileName(name string) (string, error) {
	bad := &Error{Code: "file_name", Field: "file",
		MessageVI: "Tên tệp không hợp lệ: chỉ dùng chữ, số, dấu cách, dấu chấm, gạch ngang và gạch dưới",
		MessageEN: "The file name is not valid: use letters, digits, spaces, dots, hyphens and underscores"}
	if name == "" || len(name) > 200 || !utf8.ValidString(name) || strings.Contains(name, "..") ||
		strings.ContainsAny(name, "/\\<>:\"|?*'`;&$%{}[]") || strings.ContainsAny(name[:1], "=+-@.") {
		return "", bad
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return "", bad
		}
	}
	return name, nil
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
