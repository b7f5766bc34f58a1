package server_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/bdg-district/bdg/auth"
	"github.com/bdg-district/bdg/browsertest"
)

// TestBrowserLoginSubmitLogout drives headless Chromium as the reporter of
// 06331: an anonymous page leads to the login form, the login returns to the
// page asked for, a typed report goes through (its form carries the CSRF
// field), dashboards are refused with the bilingual 403 page, and logging
// out ends the session. No page may raise a Content-Security-Policy error.
func TestBrowserLoginSubmitLogout(t *testing.T) {
	browsertest.Needed(t)
	app := newFullApp(t)
	pw, _, err := app.auth.EnsureUser(context.Background(), "xa06331", auth.RoleReporter, "06331")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app.h)
	defer srv.Close()
	bctx := browsertest.New(t, 2*time.Minute)
	var consoleErrs []string
	chromedp.ListenTarget(bctx, func(ev any) {
		if e, ok := ev.(*runtime.EventConsoleAPICalled); ok && e.Type == runtime.APITypeError {
			for _, a := range e.Args {
				consoleErrs = append(consoleErrs, string(a.Value))
			}
		}
		// The refused dashboard (403) is expected; anything else, a CSP
		// violation above all, is not.
		if e, ok := ev.(*cdplog.EventEntryAdded); ok && e.Entry.Level == cdplog.LevelError && !strings.Contains(e.Entry.Text, "status of 403") {
			consoleErrs = append(consoleErrs, e.Entry.Text)
		}
		if e, ok := ev.(*runtime.EventExceptionThrown); ok {
			consoleErrs = append(consoleErrs, e.ExceptionDetails.Text)
		}
	})
	var loc, body string
	err = chromedp.Run(bctx, cdplog.Enable(),
		chromedp.Navigate(srv.URL+"/review/form"),
		chromedp.WaitVisible(`input[name=password]`),
		chromedp.Location(&loc),
	)
	if err != nil || !strings.Contains(loc, "/login?next=%2Freview%2Fform") {
		t.Fatalf("anonymous /review/form → %s, %v", loc, err)
	}
	err = chromedp.Run(bctx,
		chromedp.SendKeys(`input[name=name]`, "xa06331"),
		chromedp.SendKeys(`input[name=password]`, pw),
		chromedp.Submit(`input[name=password]`),
		chromedp.WaitVisible(`input[name="v.cadre_female"]`),
		chromedp.Location(&loc),
	)
	if err != nil || !strings.HasSuffix(loc, "/review/form") {
		t.Fatalf("after login: %s, %v", loc, err)
	}
	err = chromedp.Run(bctx,
		chromedp.SetValue(`select[name=period]`, "2024-H2"),
		chromedp.SendKeys(`input[name="v.cadre_female"]`, "7"),
		chromedp.Submit(`input[name="v.cadre_female"]`),
		chromedp.WaitVisible(`main h1`),
		chromedp.Sleep(200*time.Millisecond),
		chromedp.Location(&loc),
		chromedp.Text(`main`, &body),
	)
	if err != nil || !strings.Contains(loc, "/review/") || strings.HasSuffix(loc, "/review/form") {
		t.Fatalf("typed report → %s %v: %s", loc, err, body)
	}
	err = chromedp.Run(bctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(`main h1`), chromedp.Text(`main`, &body))
	if err != nil || !strings.Contains(body, "Bạn không có quyền") || strings.Contains(body, "You are not allowed") {
		t.Fatalf("reporter on dashboards: %v %s", err, body)
	}
	err = chromedp.Run(bctx,
		chromedp.Navigate(srv.URL+"/logout"),
		chromedp.WaitVisible(`main form button`),
		chromedp.Click(`main form button`),
		chromedp.WaitVisible(`input[name=password]`),
		chromedp.Navigate(srv.URL+"/review/upload"),
		chromedp.WaitVisible(`input[name=password]`),
		chromedp.Location(&loc),
	)
	if err != nil || !strings.Contains(loc, "/login?next=") {
		t.Fatalf("after logout /review/upload → %s, %v", loc, err)
	}
	for _, e := range consoleErrs {
		t.Errorf("console: %s", e)
	}
}
