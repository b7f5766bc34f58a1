package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/chtest"
	"github.com/bdg-district/bdg/deploy"
	"github.com/bdg-district/bdg/ingest/docread/docxtest"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/store"
	"github.com/bdg-district/bdg/web"
)

// officer is the caller of most tests: a district officer, who may do
// everything the ingest API offers.
var officer = web.Who{User: "canbo", Role: "officer", Can: func(string) bool { return true }}

var testNow = func() time.Time { return time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC) }

func newTestAPI(t *testing.T, st Store, sp *Spool, who web.Who) http.Handler {
	t.Helper()
	svc := NewService(st, testNow, nil)
	if sp != nil {
		svc.WithSpool(sp)
	}
	return apiRouter(t, svc, who, nil)
}

// apiRouter serves the ingest API as bdg does: errors written by the one
// error middleware, the caller set as access control would.
func apiRouter(t testing.TB, svc *Service, who web.Who, area AreaCommunes) http.Handler {
	gin.SetMode(gin.TestMode)
	r := gin.New()
	r.Use(web.NewSite(web.Options{}).Errors(store.Unavailable), func(c *gin.Context) { web.SetWho(c, who) })
	APIRoutes(r.Group("/api/v1"), NewAPI(svc, area))
	return CheckAPI(t, r)
}

type apiAnswer struct {
	Status int
	Body   ReportAnswer
	Err    struct {
		Error apperr.Error `json:"error"`
	}
	Raw string
}

func do(t *testing.T, h http.Handler, req *http.Request) apiAnswer {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	a := apiAnswer{Status: rec.Code, Raw: rec.Body.String()}
	_ = json.Unmarshal(rec.Body.Bytes(), &a.Body)
	_ = json.Unmarshal(rec.Body.Bytes(), &a.Err)
	return a
}

func upload(t *testing.T, h http.Handler, name string, data []byte, fields map[string]string) apiAnswer {
	t.Helper()
	return do(t, h, multipartPost("/api/v1/reports", name, data, fields))
}

// multipartPost is a POST of one file (field "file") and some form fields.
func multipartPost(path, name string, data []byte, fields map[string]string) *http.Request {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return req
}

func postJSON(t *testing.T, h http.Handler, path, body string) apiAnswer {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return do(t, h, req)
}

func seedText(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../testdata/reports/000_seed_van_thuy_2024H1.txt")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func seedDocx(t *testing.T) []byte {
	var blocks []docxtest.Block
	for _, line := range strings.Split(string(seedText(t)), "\n") {
		if strings.TrimSpace(line) != "" {
			blocks = append(blocks, docxtest.Block{Text: line})
		}
	}
	return docxtest.Build(blocks)
}

func valueMap(vals []model.Value) map[string]float64 {
	m := map[string]float64{}
	for _, v := range vals {
		m[v.Indicator] = v.Value
	}
	return m
}

func countReports(t *testing.T, st *store.Store) uint64 {
	t.Helper()
	var n uint64
	if err := st.Conn.QueryRow(context.Background(), "SELECT count() FROM reports FINAL").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestUploadSeedTxtAndDocx(t *testing.T) {
	st := chtest.New(t)
	h := newTestAPI(t, st, nil, officer)
	want := map[string]float64{"comm_sessions": 4, "listeners_reached": 1500, "gbv_incidents": 0, "gender_staff_total": 1,
		"gender_staff_female": 1, "plans_issued": 1, "decisions_issued": 2, "contest_teams": 4, "contest_participants": 41}

	txt := upload(t, h, "bao-cao-van-thuy.txt", seedText(t), nil)
	if txt.Status != http.StatusCreated {
		t.Fatalf("txt upload = %d %s", txt.Status, txt.Raw)
	}
	if txt.Body.Commune != "06331" || txt.Body.Period != "2024-H1" || txt.Body.Status != "draft" || txt.Body.Version != 1 {
		t.Errorf("txt report = %+v", txt.Body)
	}
	got := valueMap(txt.Body.Values)
	for code, v := range want {
		if got[code] != v {
			t.Errorf("txt %s = %v, want %v", code, got[code], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("txt values = %v, want exactly %v", got, want)
	}
	for _, v := range txt.Body.Values {
		if v.Evidence == "" || v.End <= v.Start || v.Method != model.MethodExtracted {
			t.Errorf("value %s lacks evidence: %+v", v.Indicator, v)
		}
	}
	// The same file again is the same report, not a duplicate.
	again := upload(t, h, "bao-cao-van-thuy.txt", seedText(t), nil)
	if again.Status != http.StatusOK || again.Body.ID != txt.Body.ID || !again.Body.Duplicate {
		t.Errorf("re-upload = %d id %s dup %v, want 200 with id %s", again.Status, again.Body.ID, again.Body.Duplicate, txt.Body.ID)
	}
	// The same report as .docx: a new version with the same values.
	docx := upload(t, h, "bao-cao-van-thuy.docx", seedDocx(t), map[string]string{"commune": "06331", "period": "2024-H1"})
	if docx.Status != http.StatusCreated || docx.Body.Version != 2 {
		t.Fatalf("docx upload = %d %s", docx.Status, docx.Raw)
	}
	dv := valueMap(docx.Body.Values)
	for code, v := range want {
		if dv[code] != v {
			t.Errorf("docx %s = %v, want %v", code, dv[code], v)
		}
	}
	if n := countReports(t, st); n != 2 {
		t.Errorf("reports stored = %d, want 2", n)
	}
	// The original bytes are kept.
	rs, err := st.Reports(context.Background(), model.ReportFilter{ID: docx.Body.ID})
	if err != nil || len(rs) != 1 || rs[0].SourceKind != "docx" {
		t.Fatalf("stored docx report = %+v %v", rs, err)
	}
	var size uint64
	if err := st.Conn.QueryRow(context.Background(), "SELECT length(bytes) FROM report_files FINAL WHERE content_hash = ?", rs[0].ContentHash).Scan(&size); err != nil || size != uint64(len(seedDocx(t))) {
		t.Errorf("stored file size = %d %v, want %d", size, err, len(seedDocx(t)))
	}
}

func TestCorrectAndPublish(t *testing.T) {
	st := chtest.New(t)
	h := newTestAPI(t, st, nil, officer)
	first := postJSON(t, h, "/api/v1/reports", `{"commune":"06331","period":"2024-H1","values":{"listeners_reached":1500,"gbv_incidents":0}}`)
	if first.Status != http.StatusCreated || first.Body.Status != "draft" {
		t.Fatalf("json submit = %d %s", first.Status, first.Raw)
	}
	pub := postJSON(t, h, "/api/v1/reports/"+first.Body.ID+"/publish", ``)
	if pub.Status != http.StatusOK || pub.Body.Status != "published" {
		t.Fatalf("publish = %d %s", pub.Status, pub.Raw)
	}
	corr := postJSON(t, h, "/api/v1/reports/"+first.Body.ID+"/corrections", `{"values":{"listeners_reached":1550},"note":"typo"}`)
	if corr.Status != http.StatusCreated || corr.Body.Version != 2 || corr.Body.Status != "draft" {
		t.Fatalf("correction = %d %s", corr.Status, corr.Raw)
	}
	vals := map[string]model.Value{}
	for _, v := range corr.Body.Values {
		vals[v.Indicator] = v
	}
	if v := vals["listeners_reached"]; v.Value != 1550 || v.Method != model.MethodCorrected || v.CreatedBy != "canbo" {
		t.Errorf("corrected value = %+v", v)
	}
	if v := vals["gbv_incidents"]; v.Value != 0 || v.Method != model.MethodImported {
		t.Errorf("untouched value = %+v", v)
	}
	if p := postJSON(t, h, "/api/v1/reports/"+corr.Body.ID+"/publish", ``); p.Status != http.StatusOK {
		t.Fatalf("publish v2 = %d %s", p.Status, p.Raw)
	}
	all, err := st.Reports(context.Background(), model.ReportFilter{Communes: []string{"06331"}})
	if err != nil {
		t.Fatal(err)
	}
	status := map[uint32]string{}
	for _, r := range all {
		status[r.Version] = r.Status
	}
	if status[1] != "superseded" || status[2] != "published" || len(all) != 2 {
		t.Errorf("versions = %v, want v1 superseded, v2 published, nothing deleted", status)
	}
}

func TestRejectsWithBilingualErrors(t *testing.T) {
	st := chtest.New(t)
	h := newTestAPI(t, st, nil, officer)
	cases := []struct {
		name, body, field string
		status            int
	}{
		{"unknown commune", `{"commune":"99999","period":"2024-H1","values":{"listeners_reached":1}}`, "commune", 422},
		{"future period", `{"commune":"06337","period":"2027-H1","values":{"listeners_reached":1}}`, "period", 422},
		{"old code after reform", `{"commune":"06331","period":"2025-H2","values":{"listeners_reached":1}}`, "commune", 422},
		{"negative", `{"commune":"06331","period":"2024-H1","values":{"listeners_reached":-5}}`, "values.listeners_reached", 422},
		{"fractional count", `{"commune":"06331","period":"2024-H1","values":{"gbv_incidents":1.5}}`, "values.gbv_incidents", 422},
		{"huge", `{"commune":"06331","period":"2024-H1","values":{"listeners_reached":1e308}}`, "values.listeners_reached", 422},
		{"ratio over 100", `{"commune":"06331","period":"2024-H1","values":{"female_staff_ratio":140}}`, "values.female_staff_ratio", 422},
		{"unknown indicator", `{"commune":"06331","period":"2024-H1","values":{"happiness":3}}`, "values.happiness", 422},
		{"string value", `{"commune":"06331","period":"2024-H1","values":{"listeners_reached":"NaN"}}`, "values.listeners_reached", 400},
		{"bad period", `{"commune":"06331","period":"2024-H3","values":{"listeners_reached":1}}`, "period", 400},
		{"sql in commune", `{"commune":"0'; DROP TABLE reports; --","period":"2024-H1","values":{"listeners_reached":1}}`, "commune", 400},
		{"unknown field", `{"commune":"06331","period":"2024-H1","values":{"listeners_reached":1},"admin":true}`, "", 400},
		{"no values", `{"commune":"06331","period":"2024-H1","values":{}}`, "values", 400},
		{"not json", `{"commune":`, "", 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := postJSON(t, h, "/api/v1/reports", tc.body)
			if a.Status != tc.status || a.Err.Error.Field != tc.field || a.Err.Error.MessageVI == "" || a.Err.Error.MessageEN == "" {
				t.Errorf("= %d %s, want %d naming %q in both languages", a.Status, a.Raw, tc.status, tc.field)
			}
		})
	}
	// A period that contradicts the text.
	a := upload(t, h, "seed.txt", seedText(t), map[string]string{"period": "2024-H2"})
	if a.Status != 422 || a.Err.Error.Code != "period_conflict" {
		t.Errorf("period conflict = %d %s", a.Status, a.Raw)
	}
	if a := upload(t, h, "scan.pdf", []byte("%PDF-1.4 ..."), nil); a.Status < 400 || a.Status >= 500 || a.Err.Error.MessageEN == "" {
		t.Errorf("pdf = %d %s", a.Status, a.Raw)
	}
	if n := countReports(t, st); n != 0 {
		t.Errorf("%d reports stored from bad input, want 0", n)
	}
}

func TestReporterOnlyOwnCommune(t *testing.T) {
	st := chtest.New(t)
	h := newTestAPI(t, st, nil, web.Who{User: "xa.dongy", Role: "reporter", Commune: "06337"})
	if a := postJSON(t, h, "/api/v1/reports", `{"commune":"06331","period":"2024-H1","values":{"listeners_reached":1}}`); a.Status != 403 {
		t.Errorf("other commune's values = %d, want 403", a.Status)
	}
	// The seed names Vạn Thủy: a reporter of Đồng Ý cannot file it.
	if a := upload(t, h, "seed.txt", seedText(t), nil); a.Status != 403 {
		t.Errorf("other commune's file = %d %s, want 403", a.Status, a.Raw)
	}
	if n := countReports(t, st); n != 0 {
		t.Errorf("%d reports stored, want 0", n)
	}
}

// TestSpoolWhenClickHouseDown stops a private ClickHouse under the API:
// the submission is fsynced to the spool and answered 202, then loaded
// exactly once when the server is back.
func TestSpoolWhenClickHouseDown(t *testing.T) {
	chtest.Long(t, "starts and kills its own ClickHouse")
	ctx := context.Background()
	dir := t.TempDir()
	local, err := deploy.Start(ctx, dir+"/ch", deploy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer local.Kill()
	st := chtest.Open(t, store.Config{Addr: []string{local.Addr()}, Password: local.Password.Reveal(), Database: "bdg"})
	sp, err := OpenSpool(dir + "/spool")
	if err != nil {
		t.Fatal(err)
	}
	svc := NewService(st, testNow, nil).WithSpool(sp)
	r := apiRouter(t, svc, officer, nil)
	if err := local.Kill(); err != nil {
		t.Fatal(err)
	}
	a := postJSON(t, r, "/api/v1/reports", `{"commune":"06331","period":"2024-H1","values":{"listeners_reached":1500}}`)
	if a.Status != http.StatusAccepted || a.Body.ID == "" || a.Body.Status != "queued" {
		t.Fatalf("submit with ClickHouse down = %d %s, want 202 queued", a.Status, a.Raw)
	}
	f := upload(t, r, "seed.txt", seedText(t), nil)
	if f.Status != http.StatusAccepted {
		t.Fatalf("file with ClickHouse down = %d %s, want 202", f.Status, f.Raw)
	}
	if sp.Pending() != 2 {
		t.Fatalf("spool holds %d, want 2", sp.Pending())
	}
	if n, err := svc.Drain(ctx); err == nil || n != 0 {
		t.Fatalf("drain while down = %d, %v; want an error and nothing loaded", n, err)
	}
	again, err := deploy.Start(ctx, dir+"/ch", deploy.Options{TCPPort: local.TCPPort, HTTPPort: local.HTTPPort})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Kill()
	var loaded int
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(300 * time.Millisecond) {
		n, err := svc.Drain(ctx)
		loaded += n
		if err == nil && sp.Pending() == 0 {
			break
		}
	}
	if loaded != 2 || sp.Pending() != 0 {
		t.Fatalf("loaded %d, pending %d; want 2 and 0", loaded, sp.Pending())
	}
	if n, _ := svc.Drain(ctx); n != 0 {
		t.Errorf("second drain loaded %d", n)
	}
	rs, err := st.Reports(ctx, model.ReportFilter{ID: a.Body.ID})
	if err != nil || len(rs) != 1 {
		t.Fatalf("queued id %s: %v %v", a.Body.ID, rs, err)
	}
	if n := countReports(t, st); n != 2 {
		t.Errorf("reports = %d, want 2 (one each, no duplicates)", n)
	}
}
