package review_test

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/browsertest"
)

// reviewServer serves the review pages and the assets on a fresh
// database, to an officer of the province.
func reviewServer(t *testing.T) *httptest.Server {
	t.Helper()
	r, _ := newRouter(t, analytics.Area{Level: "province", Code: "20"})
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return srv
}

// TestBrowserWordTableCells uploads a Word report whose figures stand in a
// table (a merged commune's year, with the old communes' half-year and a
// "Cả năm" column) on /review/upload in headless Chromium, and finds each
// table value shown with its table, row and column, and its cell
// highlighted in the document view.
func TestBrowserWordTableCells(t *testing.T) {
	browsertest.Needed(t)
	srv := reviewServer(t)
	docx, err := filepath.Abs("../testdata/word/108_that_khe_2025_sapnhap_canam.docx")
	if err != nil {
		t.Fatal(err)
	}
	bctx := browsertest.New(t, 2*time.Minute)
	var where string
	var cell struct {
		Text, Background, Parent string
		Visible                  bool
	}
	var cells int
	err = chromedp.Run(bctx,
		chromedp.Navigate(srv.URL+"/review/upload"),
		chromedp.WaitVisible(`input[type=file]`),
		chromedp.SetUploadFiles(`input[type=file]`, []string{docx}),
		chromedp.Submit(`input[type=file]`),
		chromedp.WaitVisible(`input[name="v.comm_sessions"]`),
		chromedp.Text(`a[href="#cell-comm_sessions"]`, &where),
		chromedp.Evaluate(`document.querySelectorAll('.report-text strong.cell').length`, &cells),
		chromedp.Click(`a[href="#cell-comm_sessions"]`),
		chromedp.Evaluate(`(() => { const c = document.getElementById('cell-comm_sessions'); const r = c.getBoundingClientRect();
			return {Text: c.textContent, Background: getComputedStyle(c).backgroundColor, Parent: c.parentElement.tagName,
				Visible: r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight}; })()`, &cell),
	)
	if err != nil {
		t.Fatalf("upload and review: %v", err)
	}
	for _, want := range []string{"Bảng 2", "dòng 3", "Số cuộc tuyên truyền", "cột 8", "Cả năm 2025", ": 20"} {
		if !strings.Contains(where, want) {
			t.Errorf("the value's place %q lacks %q", where, want)
		}
	}
	if cell.Text != "20" || cell.Parent != "MARK" || cell.Background != "rgb(242, 169, 0)" || !cell.Visible {
		t.Errorf("the cell of comm_sessions: %+v, want \"20\" highlighted inside its row's mark and scrolled into view", cell)
	}
	if cells < 7 {
		t.Errorf("%d cells highlighted, want one per table value (7)", cells)
	}
}

// TestUploadWordTableCellsHTML checks the same page without a browser: a
// value read from a sentence has no cell, one read from a table has.
func TestUploadWordTableCellsHTML(t *testing.T) {
	srv := reviewServer(t)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	loc := uploadFile(t, client, srv.URL, "../testdata/word/107_tan_son_2024H2_venhau.docx")
	page := get(t, client, srv.URL+loc)
	for _, want := range []string{`href="#cell-listeners_reached"`, `<strong class="cell" id="cell-listeners_reached">980</strong>`,
		`id="ev-training_attendance"`} {
		if !strings.Contains(page, want) {
			t.Errorf("review page lacks %s", want)
		}
	}
	// 107's sessions are a prose-table conflict: no value stored, no cell.
	if strings.Contains(page, `id="cell-comm_sessions"`) {
		t.Error("a conflict's cell is shown as a value")
	}
}
