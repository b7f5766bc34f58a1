package ingest

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/bdg-district/bdg/chtest"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/store"
	"github.com/bdg-district/bdg/units"
)

// district185 lists huyện Bắc Sơn's communes from the real unit table.
type district185 struct{ st *store.Store }

func (d district185) Communes(ctx context.Context, era period.Era) ([]units.Unit, error) {
	return d.st.Children(ctx, period.EraPre2025, "185")
}

func importFile(t *testing.T, h http.Handler, name string, data []byte, fields map[string]string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, multipartPost("/api/v1/imports", name, data, fields))
	return rec.Code, rec.Body.String()
}

func TestTemplateRoundTrip(t *testing.T) {
	st := chtest.New(t)
	r := apiRouter(t, NewService(st, testNow, nil), officer, district185{st})
	req := httptest.NewRequest(http.MethodGet, "/api/v1/templates/2024-H1.xlsx", nil)
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("template = %d %s", rec.Code, rec.Body.String())
	}
	f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(sheetName)
	if len(rows) != firstData-1+18 {
		t.Fatalf("template rows = %d, want 5 header rows + 18 communes", len(rows))
	}
	if rows[firstData-1][0] != "06325" || !strings.Contains(rows[headerRow-1][2], "tuyên truyền") {
		t.Errorf("template first row %v, header %v", rows[firstData-1], rows[headerRow-1])
	}
	dvs, _ := f.GetDataValidations(sheetName)
	if len(dvs) != 15 {
		t.Errorf("data validations = %d, want one per non-ratio indicator (15)", len(dvs))
	}
	// Fill two communes and import the file back.
	codes := rows[codeRow-1]
	col := func(code string) int {
		for i, c := range codes {
			if c == code {
				return i + 1
			}
		}
		t.Fatalf("no column %s", code)
		return 0
	}
	cell := func(c, r int) string { n, _ := excelize.CoordinatesToCellName(c, r); return n }
	f.SetCellValue(sheetName, cell(col("listeners_reached"), firstData), 1500)
	f.SetCellValue(sheetName, cell(col("gbv_incidents"), firstData), 0)
	f.SetCellValue(sheetName, cell(col("listeners_reached"), firstData+2), 800)
	var out bytes.Buffer
	f.Write(&out)
	code, body := importFile(t, r, "so-lieu.xlsx", out.Bytes(), nil)
	if code != 201 || !strings.Contains(body, `"commune":"06325"`) || !strings.Contains(body, `"commune":"06331"`) {
		t.Fatalf("import = %d %s", code, body)
	}
	vals, _ := st.Reports(context.Background(), model.ReportFilter{Period: "2024-H1"})
	if len(vals) != 2 {
		t.Errorf("reports = %d, want 2 (blank communes have not reported)", len(vals))
	}
}

func TestCSVImportAndErrors(t *testing.T) {
	st := chtest.New(t)
	r := apiRouter(t, NewService(st, testNow, nil), officer, district185{st})
	good := "\ufeffcommune;period;listeners_reached;female_staff_ratio\n06331;2024-H1;1.500;33,3\n06337;2024-H1;720;\n"
	code, body := importFile(t, r, "a.csv", []byte(good), nil)
	if code != 201 {
		t.Fatalf("csv import = %d %s", code, body)
	}
	rs, _ := st.Reports(context.Background(), model.ReportFilter{Communes: []string{"06331"}})
	if len(rs) != 1 {
		t.Fatalf("reports for 06331 = %d", len(rs))
	}
	v, _ := st.Values(context.Background(), rs[0])
	got := valueMap(v)
	if got["listeners_reached"] != 1500 || got["female_staff_ratio"] != 33.3 {
		t.Errorf("values = %v, want 1.500 → 1500 and 33,3 → 33.3", got)
	}
	bad := "commune,period,listeners_reached,gbv_incidents\n06340,2024-H1,100,0\n06349,2024-H1,abc,1\n06352,2024-H1,5,-1\n"
	code, body = importFile(t, r, "b.csv", []byte(bad), nil)
	if code != 422 || !strings.Contains(body, "Line 3") || !strings.Contains(body, "Dòng 4") || !strings.Contains(body, "listeners_reached") {
		t.Errorf("bad csv = %d %s, want 422 naming lines 3 and 4", code, body)
	}
	if rs, _ := st.Reports(context.Background(), model.ReportFilter{Communes: []string{"06340"}}); len(rs) != 0 {
		t.Errorf("a rejected table stored %d reports; want none", len(rs))
	}
	code, body = importFile(t, r, "c.csv", []byte("x,y\n1,2\n"), map[string]string{"period": "2024-H1"})
	if code != 422 || !strings.Contains(body, "header_missing") {
		t.Errorf("no header = %d %s", code, body)
	}
}

func TestImportTwiceAndPublish(t *testing.T) {
	st := chtest.New(t)
	svc := NewService(st, testNow, nil)
	ctx := context.Background()
	csv := []byte("commune,period,listeners_reached,gender_staff_total,gender_staff_female\n06331,2024-H1,1500,4,1\n06337,2024-H1,700,3,2\n")
	first, err := svc.ImportTable(ctx, "a.csv", csv, period.Period{}, "officer", nil, true)
	if err != nil || len(first) != 2 || first[0].Report.Status != "published" || first[0].Report.Version != 1 {
		t.Fatalf("first import = %+v, %v", first, err)
	}
	again, err := svc.ImportTable(ctx, "a.csv", csv, period.Period{}, "officer", nil, true)
	if err != nil || len(again) != 2 || !again[0].Duplicate || again[0].Report.ID != first[0].Report.ID {
		t.Fatalf("same table again = %+v, %v; want duplicates of the first", again, err)
	}
	changed := []byte("commune,period,listeners_reached\n06331,2024-H1,1600\n")
	second, err := svc.ImportTable(ctx, "b.csv", changed, period.Period{}, "officer", nil, true)
	if err != nil || len(second) != 1 || second[0].Report.Version != 2 {
		t.Fatalf("changed import = %+v, %v", second, err)
	}
	rs, _ := st.Reports(ctx, model.ReportFilter{Communes: []string{"06331"}})
	status := map[uint32]string{}
	for _, r := range rs {
		status[r.Version] = r.Status
	}
	if len(rs) != 2 || status[1] != "superseded" || status[2] != "published" {
		t.Errorf("06331 versions = %v, want v1 superseded, v2 published", status)
	}
	var n uint64
	if err := st.Conn.QueryRow(ctx, "SELECT count() FROM indicator_values FINAL").Scan(&n); err != nil || n != 7 {
		t.Errorf("values = %d (%v), want 3 + 3 + 1", n, err)
	}
}
