package server_test

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bdg-district/bdg/auth"
	"github.com/bdg-district/bdg/browsertest"
	"github.com/bdg-district/bdg/demo"
)

// TestBrowserReviewCorrectPublish drives headless Chromium as an officer:
// upload the seed report, see its values beside the highlighted text,
// correct one value, publish, and find the published value in the chart.
func TestBrowserReviewCorrectPublish(t *testing.T) {
	browsertest.Needed(t)
	app := newFullApp(t)
	pw, _, err := app.auth.EnsureUser(context.Background(), "canbo", auth.RoleOfficer, "")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app.h)
	defer srv.Close()
	seed := filepath.Join(t.TempDir(), "bao-cao-van-thuy.txt")
	if err := os.WriteFile(seed, demo.SeedReport(), 0o644); err != nil {
		t.Fatal(err)
	}
	bctx := browsertest.New(t, 2*time.Minute)
	var loc, status string
	var marks int
	err = chromedp.Run(bctx,
		chromedp.Navigate(srv.URL+"/review/upload"),
		chromedp.WaitVisible(`input[name=password]`),
		chromedp.SendKeys(`input[name=name]`, "canbo"),
		chromedp.SendKeys(`input[name=password]`, pw),
		chromedp.Submit(`input[name=password]`),
		chromedp.WaitVisible(`input[type=file]`),
		chromedp.SetUploadFiles(`input[type=file]`, []string{seed}),
		chromedp.Submit(`input[type=file]`),
		// The demo holds this very report: bdg says so and links to it,
		// rather than opening it as if it were new.
		chromedp.WaitVisible(`.notice a[href^="/review/"]`),
		chromedp.Click(`.notice a[href^="/review/"]`),
		chromedp.WaitVisible(`input[name="v.listeners_reached"]`),
		chromedp.Location(&loc),
		chromedp.Evaluate(`document.querySelectorAll('.report-text mark').length`, &marks),
	)
	if err != nil {
		t.Fatalf("upload: %v", err)
	}
	if !strings.Contains(loc, "/review/") || marks < 5 {
		t.Fatalf("after upload at %s with %d highlighted evidence spans", loc, marks)
	}
	err = chromedp.Run(bctx,
		chromedp.SetValue(`input[name="v.listeners_reached"]`, "1.550"),
		chromedp.SetValue(`input[name=note]`, "gõ nhầm"),
		chromedp.Submit(`input[name="v.listeners_reached"]`),
		chromedp.WaitVisible(`form[action*="/publish"] button`),
		chromedp.Click(`form[action*="/publish"] button`),
		chromedp.WaitNotPresent(`form[action*="/publish"] button`),
		chromedp.Text(`.status-published`, &status),
	)
	if err != nil {
		t.Fatalf("correct and publish: %v", err)
	}
	if !strings.Contains(status, "công bố") {
		t.Errorf("status after publishing = %q", status)
	}
	var value float64
	err = chromedp.Run(bctx,
		chromedp.Navigate(srv.URL+"/compare/communes?period=2024-H1&indicator=listeners_reached"),
		chromedp.Poll(`(() => { const el = document.querySelector('.bdg-chart');
			const c = el && window.echarts && echarts.getInstanceByDom(el); if (!c) return null;
			// Over eight communes the bars lie across: the names are on the y axis.
			const o = c.getOption(), s = o.series[0], names = o.xAxis[0].data || o.yAxis[0].data || []; const i = names.indexOf('Vạn Thủy');
			if (i < 0) return null; const d = s.data[i]; return typeof d === 'object' ? d.value : d; })()`, &value,
			chromedp.WithPollingTimeout(20*time.Second)),
	)
	if err != nil {
		t.Fatalf("chart: %v", err)
	}
	if value != 1550 {
		t.Errorf("chart shows %v for Vạn Thủy, want the published correction 1550", value)
	}
}
