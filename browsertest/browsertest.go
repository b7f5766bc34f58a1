// Package browsertest starts headless Chromium for page tests, with the
// flags this workplace needs (no background networking, fresh profile). A
// missing browser fails the test: a skipped browser test does not run.
package browsertest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Path returns Chromium's path (BDG_TEST_CHROMIUM, else /usr/bin/chromium).
func Path(t testing.TB) string {
	t.Helper()
	p := os.Getenv("BDG_TEST_CHROMIUM")
	if p == "" {
		p = "/usr/bin/chromium"
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("Chromium not found at %s (%v): run the tests with `make test`, which installs it "+
			"(scripts/ensure-browser.sh) and sets BDG_TEST_CHROMIUM", p, err)
	}
	return p
}

// Needed marks a test that drives Chromium: under -short (the quick tier)
// it is left out, and says so. Call it first, so the quick tier does not
// build a database and an application only to skip.
func Needed(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: starts Chromium")
	}
}

// New starts a browser and returns its context, closed when the test ends.
// Under -short it skips (see Needed).
func New(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	Needed(t)
	// Not t.TempDir: Chromium may still be writing its profile when the
	// test's own cleanup would remove it.
	profile, err := os.MkdirTemp("", "bdg-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(Path(t)),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-default-browser-check", true), chromedp.WindowSize(1280, 1000),
		chromedp.UserDataDir(profile))
	bctx, cancelB := chromedp.NewContext(actx)
	bctx, cancelT := context.WithTimeout(bctx, timeout)
	t.Cleanup(func() {
		cancelT()
		cancelB()
		cancelA() // waits for the browser process to exit
		for i := 0; i < 20 && os.RemoveAll(profile) != nil; i++ {
			time.Sleep(100 * time.Millisecond)
		}
	})
	if err := chromedp.Run(bctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return bctx
}
