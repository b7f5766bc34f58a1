package apidoc

import (
	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/ingest"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/review"
	"github.com/bdg-district/bdg/units"
)

// Param is one query or path parameter.
type Param struct {
	Name, In    string // In: "query" or "path"
	Description string
	Example     any
	// Type is "string" (default), "array" (of strings: repeated or
	// comma-separated) or "boolean".
	Type     string
	Enum     []string
	Pattern  string
	Required bool
}

// Body is what a request sends.
type Body struct {
	// JSON is a value whose type is the JSON body's schema.
	JSON any
	// Multipart lists a form's fields: "file" is a file, the rest text.
	Multipart []Param
}

// Operation is one /api/v1 route as the document describes it. Path is
// Gin's ("/reports/:id"); the answer's schema comes from the Go type of
// Answer, so the description cannot drift from what is sent.
type Operation struct {
	Method, Path         string
	Summary, Description string
	Params               []Param
	Body                 *Body
	// OK is the success status; Answer its JSON (nil with Media for a file).
	OK     int
	Also   []int // other success statuses with the same answer (200 duplicate, 202 queued)
	Answer any
	Media  string
	// Errors are the error statuses the route can answer besides 401, 403,
	// 429, 500 and 503, which every route can.
	Errors []int
}

// Answers of routes that wrap a list in an object.
type (
	indicatorsAnswer struct {
		Indicators []catalogue.Indicator `json:"indicators"`
	}
	periodsAnswer struct {
		Periods []period.Period `json:"periods"`
	}
	communesAnswer struct {
		Area     string                  `json:"area"`
		Communes map[string][]units.Unit `json:"communes"` // by era: pre2025, 2025
	}
	reportsAnswer struct {
		Reports []analytics.ReportVersion `json:"reports"`
	}
	importAnswer struct {
		Reports []ingest.ReportAnswer `json:"reports"`
	}
	inboxAnswer struct {
		Waiting []review.InboxItem `json:"waiting"`
	}
	valuesBody struct {
		Commune string             `json:"commune"`
		Period  string             `json:"period"`
		Values  map[string]float64 `json:"values"`
	}
	correctionBody struct {
		Values map[string]float64 `json:"values,omitempty"`
		Remove []string           `json:"remove,omitempty"`
		Note   string             `json:"note,omitempty"`
	}
	publishBody struct {
		Override    bool   `json:"override,omitempty"`
		Reason      string `json:"reason,omitempty"`
		Acknowledge bool   `json:"acknowledge,omitempty"`
	}
	documentAnswer struct {
		OpenAPI    string         `json:"openapi"`
		Info       map[string]any `json:"info"`
		Servers    []any          `json:"servers"`
		Security   []any          `json:"security"`
		Paths      map[string]any `json:"paths"`
		Components map[string]any `json:"components"`
	}
	reasonBody struct {
		Reason string `json:"reason"`
	}
)

// Parameters used by several routes.
var (
	pPeriod = Param{Name: "period", In: "query", Example: "2024-H1",
		Description: "Kỳ báo cáo / period code: 2024-H1, 2024 (a year is built from its half-years when not reported as such), 2024-Q3, 2024-M06, 2024-9M; default: the latest period with published reports"}
	pIndicator = Param{Name: "indicator", In: "query", Example: "female_staff_ratio",
		Description: "Mã chỉ tiêu / indicator code from /indicators; default listeners_reached"}
	pPeriods = Param{Name: "periods", In: "query", Type: "array", Example: []string{"2024-H1", "2024-H2"},
		Description: "Các kỳ / periods, comma-separated or repeated (at most 40); default depends on the view"}
	pCommune = Param{Name: "commune", In: "query", Pattern: "^[0-9]{5}$", Example: "06331",
		Description: "Mã xã 5 chữ số / 5-digit commune code; empty: the whole area"}
	pCommunes = Param{Name: "communes", In: "query", Type: "array", Example: []string{"06331", "06337"},
		Description: "Các mã xã / commune codes, comma-separated or repeated; default: every commune of the era"}
	pEra = Param{Name: "era", In: "query", Enum: []string{"pre2025", "2025"},
		Description: "Thời kỳ của mã xã / which unit map a commune code belongs to (codes were reused on 1 July 2025)"}
	pBase = Param{Name: "base", In: "query", Example: "2023-H1",
		Description: "Kỳ so sánh / base period compared with instead of the previous period (any period: two chosen periods side by side)"}
	pID = Param{Name: "id", In: "path", Required: true, Example: "3f00d4b8-53fe-4bba-8e50-f572c3284077",
		Description: "Mã phiên bản báo cáo / report version id"}
)

// Operations is every /api/v1 route, in the order the document lists them.
// A route the router serves without an operation here fails the test that
// holds the two lists equal.
func Operations() []Operation {
	return []Operation{
		{Method: "GET", Path: "/openapi.json", Summary: "Tài liệu này / this document (OpenAPI 3.0.3)", OK: 200,
			Answer: documentAnswer{}},
		{Method: "GET", Path: "/indicators", Summary: "Danh mục chỉ tiêu / indicator catalogue", OK: 200, Answer: indicatorsAnswer{},
			Description: "Every indicator with its unit, aggregation rules, direction (up: higher is better, down: lower is better) and target, if any."},
		{Method: "GET", Path: "/periods", Summary: "Các kỳ có số liệu / periods with published reports", OK: 200, Answer: periodsAnswer{}},
		{Method: "GET", Path: "/communes", Summary: "Các xã trong địa bàn / the area's communes in each era", OK: 200,
			Params: []Param{pEra}, Answer: communesAnswer{}, Errors: []int{400}},
		{Method: "GET", Path: "/overview", Summary: "Số liệu chính / headline figures", OK: 200,
			Params: []Param{pPeriod}, Answer: analytics.Overview{}, Errors: []int{400, 404},
			Description: "Headline figures of a period against the previous period and the same period a year earlier, and its completeness. A ratio's changes are in percentage points (the *_pct fields are null). A year the area has only part of carries part_year and is compared with the same months a year earlier. Without a period and before any report is published: 404 no_published_reports."},
		{Method: "GET", Path: "/compare/communes", Summary: "So sánh xã / compare communes", OK: 200,
			Params: []Param{pPeriod, pIndicator, pBase}, Answer: analytics.CommuneComparison{}, Errors: []int{400},
			Description: "Every commune's value for one period and indicator, the area figure by the indicator's rule (sum, or 100 × Σnumerator / Σdenominator for a ratio), rank, share, change against the previous period (or the chosen base period) and the same period a year earlier. A ratio's changes (change_prev, change_year) are in percentage points and its change_*_pct are null. For a 2025 commune, periods before 1 July 2025 are its whole predecessors summed. A year the area has only part of (only 2026-H1 published, say) carries part_year (chưa đủ kỳ: the half-years it holds) and is compared only with the same months a year earlier (prev_period and last_year_period are then 2025-H1), never with a full year. Cached per data version: answers carry an ETag (304 on If-None-Match)."},
		{Method: "GET", Path: "/compare/periods", Summary: "So sánh kỳ / compare periods", OK: 200,
			Params: []Param{pIndicator, pPeriods, pCommune, pEra}, Answer: analytics.PeriodComparison{}, Errors: []int{400},
			Description: "One indicator across the chosen periods. A ratio's changes are in percentage points (the *_pct fields are null). A year the area has only part of carries part_year (chưa đủ kỳ) on its row: its changes compare part of a year and must be read with that label."},
		{Method: "GET", Path: "/trends", Summary: "Xu hướng / trends", OK: 200,
			Params: []Param{pIndicator, pPeriods, pCommunes, pEra}, Answer: analytics.Trend{}, Errors: []int{400},
			Description: "An indicator over periods for chosen communes plus the area line (area) and the area figure per commune with a value (area_average; for a ratio, the area ratio), which is on the communes' own scale."},
		{Method: "GET", Path: "/completeness", Summary: "Tình hình nộp báo cáo / completeness and timeliness", OK: 200,
			Params: []Param{pPeriods}, Answer: analytics.Completeness{}, Errors: []int{400}},
		{Method: "GET", Path: "/quality", Summary: "Chất lượng số liệu / data-quality flags", OK: 200,
			Params: []Param{pPeriod, {Name: "indicators", In: "query", Type: "array", Description: "indicator codes; default all"}},
			Answer: analytics.Quality{}, Errors: []int{400}},
		{Method: "GET", Path: "/communes/:code", Summary: "Hồ sơ xã / commune profile", OK: 200,
			Params: []Param{{Name: "code", In: "path", Required: true, Pattern: "^[0-9]{5}$", Example: "06331", Description: "5-digit commune code"}, pEra, pPeriods},
			Answer: analytics.CommuneProfile{}, Errors: []int{400, 404},
			Description: "Every indicator over time beside the area figure, lineage across the 2025 reform, and the commune's report versions."},
		{Method: "GET", Path: "/reports", Summary: "Báo cáo / report versions", OK: 200,
			Params: []Param{pPeriod, pCommune, pEra, {Name: "status", In: "query", Enum: []string{"draft", "published", "superseded", "withdrawn"}, Description: "status of the versions"}},
			Answer: reportsAnswer{}, Errors: []int{400}},
		{Method: "GET", Path: "/reports/:id/text", Summary: "Nội dung một phiên bản báo cáo / one report version's text and evidence", OK: 200,
			Params: []Param{pID}, Answer: analytics.ReportText{}, Errors: []int{404}},
		{Method: "POST", Path: "/reports", Summary: "Nộp báo cáo / submit a report", OK: 201, Also: []int{200, 202},
			Body: &Body{JSON: valuesBody{}, Multipart: []Param{
				{Name: "file", Required: true, Description: "the report, .docx or .txt (UTF-8, UTF-16, TCVN3, VNI), at most 10 MB"},
				{Name: "commune", Pattern: "^[0-9]{5}$", Description: "commune code; default: read from the text (a commune reporter's own)"},
				{Name: "period", Example: "2024-H1", Description: "period code; default: read from the text"}}},
			Answer: ingest.ReportAnswer{}, Errors: []int{400, 404, 415, 422},
			Description: "Structured values as JSON (values by indicator code), or a narrative report as multipart (the figures are read from it, with their evidence). Every submission is a new draft version; the answer lists the validation rules its values fail (failures). Idempotent by content: the same bytes (or the same commune, period and values) again answer 200 with duplicate=true and the existing version, so a client may safely retry after a timeout. 202: ClickHouse was unreachable and the submission is safe in the spool (its id is final; it loads when the database is back)."},
		{Method: "GET", Path: "/reports/:id", Summary: "Một phiên bản báo cáo / one report version", OK: 200,
			Params: []Param{pID}, Answer: ingest.ReportAnswer{}, Errors: []int{404}},
		{Method: "POST", Path: "/reports/:id/corrections", Summary: "Sửa số liệu / correct a version", OK: 201,
			Params: []Param{pID}, Body: &Body{JSON: correctionBody{}}, Answer: ingest.ReportAnswer{}, Errors: []int{400, 404, 422},
			Description: "A new draft version: the base version's values with the corrections applied (values by code; remove: codes found not stated); based_on names the base."},
		{Method: "POST", Path: "/reports/:id/publish", Summary: "Công bố / publish a version", OK: 200,
			Params: []Param{pID}, Body: &Body{JSON: publishBody{}}, Answer: ingest.ReportAnswer{}, Errors: []int{400, 404, 409, 415, 422},
			Description: "Makes the version the one the dashboards read (the one published before is superseded). Refused with 422 rule_failed while an error-severity validation rule fails, unless {\"override\": true, \"reason\": \"…\"}; warnings need {\"acknowledge\": true}. A superseded or older version answers 409 version_superseded: use restore. The decision and the values before and after are in the audit log."},
		{Method: "POST", Path: "/reports/:id/restore", Summary: "Khôi phục phiên bản / restore a version", OK: 201,
			Params: []Param{pID}, Body: &Body{JSON: reasonBody{}}, Answer: ingest.ReportAnswer{}, Errors: []int{400, 404, 415, 422},
			Description: "A new draft version with an old version's values, based on it, with the reason (required); reviewed and published like any other."},
		{Method: "POST", Path: "/reports/:id/withdraw", Summary: "Rút bản nháp / withdraw a draft", OK: 200,
			Params: []Param{pID}, Answer: ingest.ReportAnswer{}, Errors: []int{404, 409},
			Description: "A commune takes back a draft the district has not decided on. Nothing is deleted."},
		{Method: "GET", Path: "/templates/:period", Summary: "Biểu mẫu Excel / the Excel template of a period", OK: 200,
			Params: []Param{{Name: "period", In: "path", Required: true, Example: "2024-H1.xlsx", Description: "period code, .xlsx optional"}},
			Media:  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Errors: []int{400}},
		{Method: "POST", Path: "/imports", Summary: "Nhập bảng số liệu / import a filled template or a CSV", OK: 201,
			Body: &Body{Multipart: []Param{
				{Name: "file", Required: true, Description: "the filled template (.xlsx) or a CSV (UTF-8; ',' or ';'), at most 10 MB"},
				{Name: "period", Example: "2024-H1", Description: "period code, when the table does not state it"},
				{Name: "publish", Type: "boolean", Description: "publish at once (officers and admins only; refused while a row fails an error-severity rule)"}}},
			Answer: importAnswer{}, Errors: []int{400, 422},
			Description: "Every row or none: a table with any wrong cell is refused with every problem listed (problems), by line and column."},
		{Method: "GET", Path: "/review", Summary: "Báo cáo chờ duyệt / versions awaiting review", OK: 200,
			Params: []Param{pCommune, {Name: "period", In: "query", Example: "2024-H1", Description: "period code"},
				{Name: "status", In: "query", Enum: []string{"errors", "warnings", "conflicts", "late"}, Description: "keep only versions with these"},
				{Name: "source", In: "query", Enum: []string{"docx", "txt", "json", "xlsx", "csv", "form"}, Description: "how the version arrived"}},
			Answer: inboxAnswer{}, Errors: []int{400},
			Description: "The officers' inbox: drafts that are the newest version of their commune and period, newest first, with their rule failures, conflicts and lateness."},
	}
}
