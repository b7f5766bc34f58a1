package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/bdg-district/bdg/apidoc/apitest"
	"github.com/bdg-district/bdg/auth"
	"github.com/bdg-district/bdg/chtest"
	"github.com/bdg-district/bdg/demo"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/server/servertest"
	"github.com/bdg-district/bdg/store"
)

// fullApp builds the application as `bdg serve` does, on the demo district.
type fullApp struct {
	engine *gin.Engine
	h      http.Handler
	auth   *auth.Auth
	st     *store.Store
	tokens map[string]string // role name → bearer token
}

func newFullApp(t *testing.T) *fullApp {
	t.Helper()
	return newFullAppOn(t, chtest.New(t), true)
}

// newFullAppOn builds the application on st, with the demo district loaded
// when withDemo.
func newFullAppOn(t *testing.T, st *store.Store, withDemo bool) *fullApp {
	t.Helper()
	ctx := context.Background()
	a := servertest.New(t, servertest.Options{Store: st, Demo: withDemo})
	au := a.Auth
	app := &fullApp{engine: a.Engine, h: a.Handler, auth: au, st: st, tokens: map[string]string{}}
	for role, commune := range map[auth.Role]string{auth.RoleAdmin: "", auth.RoleOfficer: "", auth.RoleViewer: "", auth.RoleReporter: "06331"} {
		secret, _, err := au.CreateToken(ctx, role, commune, "test", "test")
		if err != nil {
			t.Fatal(err)
		}
		app.tokens[string(role)] = secret
	}
	return app
}

type call struct {
	method, path, role string // role "" is anonymous
	body               []byte
	contentType        string
}

func (a *fullApp) do(t *testing.T, c call) *httptest.ResponseRecorder {
	t.Helper()
	var body io.Reader = http.NoBody
	if c.body != nil {
		body = bytes.NewReader(c.body)
	}
	req := httptest.NewRequest(c.method, c.path, body)
	if c.contentType != "" {
		req.Header.Set("Content-Type", c.contentType)
	} else if c.body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if c.role != "" {
		req.Header.Set("Authorization", "Bearer "+a.tokens[c.role])
	}
	rec := httptest.NewRecorder()
	apitest.Wrap(t, a.engine).ServeHTTP(rec, req)
	return rec
}

// reportOf returns the id of a report version of commune.
func reportOf(t *testing.T, st *store.Store, commune string) model.Report {
	t.Helper()
	list, err := st.Reports(context.Background(), model.ReportFilter{Era: period.EraPre2025, Communes: []string{commune}, Period: "2023-H1"})
	if err != nil || len(list) == 0 {
		t.Fatalf("no report of %s: %v", commune, err)
	}
	return list[0]
}

// TestAccess builds the application once (demo district loaded) and runs
// the access-control checks on it.
func TestAccess(t *testing.T) {
	app := newFullApp(t)
	t.Run("SecurityHeadersAndTemplates", func(t *testing.T) { testSecurityHeadersAndTemplates(t, app) })
	t.Run("ReporterCannotReachAnotherCommune", func(t *testing.T) { testReporterCannotReachAnotherCommune(t, app) })
	t.Run("AuditOfCorrections", func(t *testing.T) { testAuditOfCorrections(t, app) })
	t.Run("AuthorizationMatrix", func(t *testing.T) { testAuthorizationMatrix(t, app) })
}

// testAuthorizationMatrix calls every route Gin knows as every role and as
// nobody, and checks the answer against the access table.
func testAuthorizationMatrix(t *testing.T, app *fullApp) {
	own := reportOf(t, app.st, "06331")
	fill := strings.NewReplacer(":id", own.ID, ":code", "06331", ":period", "2024-H1", ":name", "nobody", "*path", "x.css")
	routes := app.engine.Routes()
	if len(routes) < 50 {
		t.Fatalf("only %d routes", len(routes))
	}
	roles := []string{"admin", "officer", "viewer", "reporter"}
	for _, r := range routes {
		rule, ok := app.auth.RuleFor(r.Method, r.Path)
		if !ok {
			t.Errorf("%s %s has no access rule in auth.Rules: add one", r.Method, r.Path)
			continue
		}
		path := fill.Replace(r.Path)
		for _, role := range append([]string{""}, roles...) {
			c := call{method: r.Method, path: path, role: role}
			if r.Method == http.MethodPost { // a reporter's forms name its own commune
				c.body = []byte("commune=06331&period=2024-H1")
			}
			rec := app.do(t, c)
			got := rec.Code
			switch {
			case rule.Public:
				if got == 401 || got == 403 || strings.HasPrefix(rec.Header().Get("Location"), "/login?") {
					t.Errorf("public %s %s as %q = %d", r.Method, path, role, got)
				}
			case role == "":
				loc := rec.Header().Get("Location")
				if strings.HasPrefix(r.Path, "/api/") {
					if got != 401 || !strings.Contains(rec.Body.String(), `"message_en"`) {
						t.Errorf("anonymous %s %s = %d %s, want 401 JSON", r.Method, path, got, rec.Body)
					}
				} else if got != 303 || !strings.HasPrefix(loc, "/login") {
					t.Errorf("anonymous %s %s = %d %s, want redirect to /login", r.Method, path, got, loc)
				}
			case rule.Allows(auth.Role(role)):
				if got == 401 || got == 403 {
					t.Errorf("%s %s as %s = %d, want allowed: %s", r.Method, path, role, got, rec.Body)
				}
			default:
				if got != 403 || !strings.Contains(rec.Body.String(), `"code":"forbidden"`) {
					t.Errorf("%s %s as %s = %d, want 403", r.Method, path, role, got)
				}
			}
		}
	}
	// Anything Gin does not know: sign in first, then 404.
	if rec := app.do(t, call{method: "GET", path: "/no/such/page"}); rec.Code != 303 {
		t.Errorf("anonymous unknown page = %d", rec.Code)
	}
	if rec := app.do(t, call{method: "GET", path: "/no/such/page", role: "viewer"}); rec.Code != 404 {
		t.Errorf("unknown page as viewer = %d", rec.Code)
	}
}

func multipartBody(t *testing.T, fields map[string]string, fileName string, file []byte) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	if fileName != "" {
		fw, _ := w.CreateFormFile("file", fileName)
		_, _ = fw.Write(file)
	}
	_ = w.Close()
	return buf.Bytes(), w.FormDataContentType()
}

// testReporterCannotReachAnotherCommune tries every path by which the
// reporter of 06331 could submit, read or correct 06337's data.
func testReporterCannotReachAnotherCommune(t *testing.T, app *fullApp) {
	ctx := context.Background()
	other := reportOf(t, app.st, "06337")
	count := func() int {
		list, err := app.st.Reports(ctx, model.ReportFilter{Communes: []string{"06337"}})
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	before := count()
	otherText := bytes.ReplaceAll(demo.SeedReport(), []byte("Vạn Thủy"), []byte("Đồng Ý"))
	upload, uploadCT := multipartBody(t, map[string]string{"commune": "06337", "period": "2024-H1"}, "bao-cao.txt", demo.SeedReport())
	named, namedCT := multipartBody(t, map[string]string{"period": "2024-H1"}, "bao-cao.txt", otherText)
	csvTable, csvCT := multipartBody(t, map[string]string{"period": "2024-H1"}, "bang.csv", []byte("commune,cadre_female\n06337,5\n"))
	jsonBody, _ := json.Marshal(map[string]any{"commune": "06337", "period": "2024-H1", "values": map[string]float64{"cadre_female": 5}})
	form := []byte("commune=06337&period=2024-H1&v.cadre_female=5")
	for _, c := range []struct {
		name string
		call call
		want []int
	}{
		{"JSON submission", call{method: "POST", path: "/api/v1/reports", body: jsonBody, contentType: "application/json"}, []int{403}},
		{"upload naming 06337", call{method: "POST", path: "/api/v1/reports", body: upload, contentType: uploadCT}, []int{403}},
		{"upload of a text about 06337", call{method: "POST", path: "/api/v1/reports", body: named, contentType: namedCT}, []int{403, 422}},
		{"review upload naming 06337", call{method: "POST", path: "/review/upload", body: upload, contentType: uploadCT}, []int{403}},
		{"review upload of a text about 06337", call{method: "POST", path: "/review/upload", body: named, contentType: namedCT}, []int{403, 422}},
		{"import of 06337 rows", call{method: "POST", path: "/api/v1/imports", body: csvTable, contentType: csvCT}, []int{403, 422}},
		{"review import of 06337 rows", call{method: "POST", path: "/review/import", body: csvTable, contentType: csvCT}, []int{403, 422}},
		{"typed form for 06337", call{method: "POST", path: "/review/form", body: form}, []int{403}},
		{"review page", call{method: "GET", path: "/review/" + other.ID}, []int{404}},
		{"API read", call{method: "GET", path: "/api/v1/reports/" + other.ID}, []int{404}},
		{"API correction", call{method: "POST", path: "/api/v1/reports/" + other.ID + "/corrections", body: []byte(`{"values":{"cadre_female":1}}`), contentType: "application/json"}, []int{403}},
		{"API publish", call{method: "POST", path: "/api/v1/reports/" + other.ID + "/publish"}, []int{403}},
		{"review correction", call{method: "POST", path: "/review/" + other.ID + "/correct", body: []byte("v.cadre_female=1")}, []int{403}},
		{"review publish", call{method: "POST", path: "/review/" + other.ID + "/publish"}, []int{403}},
		{"report text", call{method: "GET", path: "/reports/" + other.ID + "/text"}, []int{403}},
		{"commune export", call{method: "GET", path: "/communes/06337?format=csv"}, []int{403}},
		{"comparison export", call{method: "GET", path: "/compare/communes?format=csv&period=2023-H1"}, []int{403}},
		{"reports list export", call{method: "GET", path: "/reports?format=csv&commune=06337"}, []int{403}},
		{"API commune profile", call{method: "GET", path: "/api/v1/communes/06337"}, []int{403}},
		{"API reports list", call{method: "GET", path: "/api/v1/reports?commune=06337"}, []int{403}},
	} {
		c.call.role = "reporter"
		rec := app.do(t, c.call)
		ok := false
		for _, w := range c.want {
			ok = ok || rec.Code == w
		}
		if !ok {
			t.Errorf("%s: %d %s, want %v", c.name, rec.Code, rec.Body, c.want)
		}
	}
	// The form offers only the reporter's commune.
	rec := app.do(t, call{method: "GET", path: "/review/form?commune=06337", role: "reporter"})
	if rec.Code != 200 || strings.Contains(rec.Body.String(), `value="06337"`) || !strings.Contains(rec.Body.String(), `value="06331"`) {
		t.Errorf("reporter form = %d, offers 06337 or not 06331", rec.Code)
	}
	if after := count(); after != before {
		t.Errorf("06337 has %d report versions after the attempts, %d before", after, before)
	}
	// Its own commune works.
	own, _ := json.Marshal(map[string]any{"commune": "06331", "period": "2024-H2", "values": map[string]float64{"cadre_female": 5}})
	if rec := app.do(t, call{method: "POST", path: "/api/v1/reports", body: own, contentType: "application/json", role: "reporter"}); rec.Code >= 300 {
		t.Errorf("own submission = %d %s", rec.Code, rec.Body)
	}
}

// testAuditOfCorrections: a correction and a publication are logged with
// who, the role, the address and the values before and after.
func testAuditOfCorrections(t *testing.T, app *fullApp) {
	ctx := context.Background()
	r := reportOf(t, app.st, "06340")
	vals, err := app.st.Values(ctx, r)
	if err != nil || len(vals) == 0 {
		t.Fatal(err)
	}
	code, old := vals[0].Indicator, vals[0].Value
	body, _ := json.Marshal(map[string]any{"values": map[string]float64{code: old + 7}, "note": "sửa"})
	rec := app.do(t, call{method: "POST", path: "/api/v1/reports/" + r.ID + "/corrections", body: body, contentType: "application/json", role: "officer"})
	if rec.Code != 201 {
		t.Fatalf("correction = %d %s", rec.Code, rec.Body)
	}
	var res struct{ ID string }
	_ = json.Unmarshal(rec.Body.Bytes(), &res)
	if rec := app.do(t, call{method: "POST", path: "/review/" + res.ID + "/publish", role: "admin"}); rec.Code != 303 {
		t.Fatalf("publish = %d %s", rec.Code, rec.Body)
	}
	list, err := app.auth.Audit(ctx, auth.AuditFilter{Action: "report.", User: ""})
	list = slices.DeleteFunc(list, func(e auth.Entry) bool { return e.Target != r.ID && e.Target != res.ID })
	if err != nil || len(list) != 2 {
		t.Fatalf("audit = %+v %v", list, err)
	}
	pub, corr := list[0], list[1]
	if corr.Action != "report.correct" || !strings.HasPrefix(corr.User, "token:") || corr.Role != "officer" || corr.Remote == "" ||
		corr.Status != 201 || corr.Target != r.ID {
		t.Errorf("correction entry = %+v", corr)
	}
	var b4, after struct {
		ID     string
		Status string
		Values map[string]float64
	}
	_ = json.Unmarshal([]byte(corr.Before), &b4)
	_ = json.Unmarshal([]byte(corr.After), &after)
	if b4.ID != r.ID || b4.Values[code] != old || after.ID != res.ID || after.Values[code] != old+7 {
		t.Errorf("correction before %s after %s", corr.Before, corr.After)
	}
	_ = json.Unmarshal([]byte(pub.Before), &b4)
	_ = json.Unmarshal([]byte(pub.After), &after)
	// Publishing: before is the version published until then, after the
	// one published now.
	if pub.Action != "report.publish" || pub.Role != "admin" || b4.ID != r.ID || after.ID != res.ID || after.Status != "published" {
		t.Errorf("publish entry = %+v", pub)
	}
	// A refused write is logged too.
	app.do(t, call{method: "POST", path: "/api/v1/reports/" + r.ID + "/publish", role: "viewer"})
	if list, _ := app.auth.Audit(ctx, auth.AuditFilter{Action: "report.publish"}); len(list) == 0 || list[0].Status != 403 || list[0].Target != r.ID {
		t.Errorf("refused publish not logged: %+v", list)
	}
}

// testSecurityHeadersAndTemplates: every answer carries the security
// headers, and no template has an inline script or on* handler (the CSP
// would block them).
func testSecurityHeadersAndTemplates(t *testing.T, app *fullApp) {
	for _, path := range []string{"/", "/login", "/healthz", "/api/v1/indicators"} {
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Authorization", "Bearer "+app.tokens["admin"])
		rec := httptest.NewRecorder()
		app.h.ServeHTTP(rec, req)
		h := rec.Header()
		if h.Get("Content-Security-Policy") != auth.ContentSecurityPolicy || h.Get("X-Content-Type-Options") != "nosniff" ||
			h.Get("Referrer-Policy") != "same-origin" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s headers = %v", path, h)
		}
	}
	// Signed-in pages and exports are kept in no cache; static files are.
	for _, path := range []string{"/", "/reports", "/compare/communes?period=2024-H1&format=csv", "/compare/communes?period=2024-H1&format=xlsx", "/review"} {
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Authorization", "Bearer "+app.tokens["admin"])
		rec := httptest.NewRecorder()
		app.h.ServeHTTP(rec, req)
		if rec.Code != 200 || rec.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("%s = %d, Cache-Control %q; want no-store", path, rec.Code, rec.Header().Get("Cache-Control"))
		}
	}
	static := regexp.MustCompile(`/static/[^"]+\.css`).FindString(app.do(t, call{method: "GET", path: "/", role: "admin"}).Body.String())
	if rec := app.do(t, call{method: "GET", path: static}); static == "" || !strings.Contains(rec.Header().Get("Cache-Control"), "max-age") {
		t.Errorf("static %q: Cache-Control %q, want long caching", static, rec.Header().Get("Cache-Control"))
	}
	inline := regexp.MustCompile(`(?i)<script(\s[^>]*)?>`)
	handler := regexp.MustCompile(`(?i)<[^>]+\son[a-z]+\s*=`)
	n := 0
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") || !strings.Contains(p, "templates") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		for _, m := range inline.FindAllString(string(b), -1) {
			if !strings.Contains(strings.ToLower(m), " src=") {
				t.Errorf("%s: inline script %s", p, m)
			}
		}
		if m := handler.FindString(string(b)); m != "" {
			t.Errorf("%s: inline event handler %s", p, m)
		}
		return nil
	})
	if err != nil || n < 15 {
		t.Fatalf("templates checked: %d, %v", n, err)
	}
}
