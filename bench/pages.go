package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/chromedp/cdproto/network"
	cdpperf "github.com/chromedp/cdproto/performance"
	"github.com/chromedp/chromedp"

	"github.com/bdg-district/bdg/assets"
)

// fullECharts is the complete ECharts build that bdg served before its
// bundle, left by `npm ci` in assets/ (make bench runs make build first).
const fullECharts = "assets/node_modules/echarts/dist/echarts.min.js"

// benchPage is a dashboard page to load in the browser.
type benchPage struct{ name, path string }

// pageLoad is what one cold load of a page cost: bytes transferred; in ms
// since navigation start, when the HTML had arrived and had been parsed,
// when ECharts had arrived, when it had been evaluated (bdg.js's first
// line) and when the first chart had drawn (-1 for the last three on a
// page without a chart); and how long the page's main thread was busy, in
// all and running scripts, laying out and computing styles.
type pageLoad struct {
	KB          float64 `json:"-"`
	HTML        float64 `json:"html"`
	Interactive float64 `json:"interactive"`
	Script      float64 `json:"script"`
	Evaluated   float64 `json:"evaluated"`
	Chart       float64 `json:"chart"`
	Busy        float64 `json:"-"`
	Scripting   float64 `json:"-"`
	Layout      float64 `json:"-"`
	Style       float64 `json:"-"`
}

// loaded waits for the page to be complete and its first chart drawn, and
// reads the timings (see pageLoad).
const loaded = `(() => {
  if (document.readyState !== 'complete') return null;
  const el = document.querySelector('.bdg-chart');
  if (el && el.getAttribute('data-drawn') !== '1') return null;
  const nav = performance.getEntriesByType('navigation')[0];
  const js = performance.getEntriesByType('resource').find(e => /\/echarts[^/]*\.js$/.test(e.name));
  const m = performance.getEntriesByName('bdg:start')[0];
  return {html: nav.responseEnd, interactive: nav.domInteractive, script: js ? js.responseEnd : -1, evaluated: m ? m.startTime : -1,
    chart: el ? +el.getAttribute('data-drawn-ms') : -1};
})()`

// pageFigures serves the dashboards twice, with bdg's ECharts bundle and
// with the full echarts.min.js, and loads every page cold in one headless
// Chromium, the two sides alternating (their order swapped every round) so
// that the machine's drift hits both. A warm-up round is not counted; the
// figures are the medians of the rounds, the ratios the medians of the
// rounds' ratios.
func pageFigures(as *assets.Server, serve func(*assets.Server) http.Handler, pages []benchPage, rounds int,
	add func(name, value, note string)) error {
	full, err := os.ReadFile(fullECharts)
	if err != nil {
		return fmt.Errorf("full ECharts for the comparison (run make build): %w", err)
	}
	asFull, err := as.With(assets.ECharts, full)
	if err != nil {
		return err
	}
	sides := []*httptest.Server{httptest.NewServer(serve(as)), httptest.NewServer(serve(asFull))}
	defer sides[0].Close()
	defer sides[1].Close()
	// The pages' answers are cached by the analytics service: fill the cache
	// first, so that the browser figures are about the page, not the query.
	for _, s := range sides {
		for _, p := range pages {
			if err := fetch(s.URL + p.path); err != nil {
				return err
			}
		}
	}

	b, err := newBrowser()
	if err != nil {
		return err
	}
	defer b.close()
	loads := make([][2][]pageLoad, len(pages)) // page → side → rounds
	for round := 0; round <= rounds; round++ {
		for i, p := range pages {
			for k := 0; k < 2; k++ {
				side := (k + round) % 2
				l, err := b.load(sides[side].URL + p.path)
				if err != nil {
					return fmt.Errorf("%s: %w", p.path, err)
				}
				if round > 0 { // round 0 warms the browser up
					loads[i][side] = append(loads[i][side], l)
				}
			}
		}
	}

	body, gz, br := as.Sizes(assets.ECharts)
	fullBody, fullGz, _ := asFull.Sizes(assets.ECharts)
	add("echarts_bundle_kb", fmt.Sprintf("%.0f", float64(body)/1024), fmt.Sprintf("%s as served: gzip %.0f KB, brotli %.0f KB; the full echarts.min.js %.0f KB, gzip %.0f KB",
		assets.ECharts, float64(gz)/1024, float64(br)/1024, float64(fullBody)/1024, float64(fullGz)/1024))
	add("echarts_bundle_gzip_ratio", fmt.Sprintf("%.2f", float64(gz)/float64(fullGz)), "bundle gzip / full gzip")
	for i, p := range pages {
		own, old := median(loads[i][0]), median(loads[i][1])
		note := fmt.Sprintf("cold cache, brotli/gzip as Chromium asks on loopback; with the full echarts.min.js %.0f KB", old.KB)
		if p.name == "compare_communes" {
			note += "; goal ≤ 200 KB"
		}
		add("page_weight_kb_"+p.name, fmt.Sprintf("%.0f", own.KB), note)
		add("page_weight_ratio_"+p.name, fmt.Sprintf("%.2f", own.KB/old.KB), "bundle / full")
		if own.Chart < 0 {
			continue
		}
		note = fmt.Sprintf("navigation start to first chart drawn, loopback; HTML in %.0f, parsed %.0f, ECharts in %.0f, evaluated %.0f ms; "+
			"main thread busy %.0f ms (scripts %.0f, layout %.0f, style %.0f); with the full echarts.min.js %.0f ms (evaluated %.0f, scripts %.0f)",
			own.HTML, own.Interactive, own.Script, own.Evaluated, own.Busy, own.Scripting, own.Layout, own.Style, old.Chart, old.Evaluated, old.Scripting)
		if p.name == "compare_communes" {
			note += "; goal ≤ 600 ms"
		}
		add("page_first_chart_ms_"+p.name, fmt.Sprintf("%.0f", own.Chart), note)
		// Each round's two loads ran back to back: the ratio is the median
		// of the rounds' ratios, which the machine's drift disturbs least.
		var ratios []float64
		for r := range loads[i][0] {
			ratios = append(ratios, loads[i][0][r].Chart/loads[i][1][r].Chart)
		}
		add("page_first_chart_ratio_"+p.name, fmt.Sprintf("%.2f", pct(ratios, 50)), fmt.Sprintf("bundle / full, median of %d paired rounds' ratios", rounds))
	}

	// Browsers ask for brotli only over HTTPS and from localhost: on a
	// district network served over plain HTTP, the bundle goes as gzip.
	cmp := pages[0]
	for _, p := range pages {
		if p.name == "compare_communes" {
			cmp = p
		}
	}
	if err := b.acceptEncoding("gzip, deflate"); err != nil {
		return err
	}
	var gzLoads []pageLoad
	for round := 0; round < rounds; round++ {
		l, err := b.load(sides[0].URL + cmp.path)
		if err != nil {
			return err
		}
		gzLoads = append(gzLoads, l)
	}
	add("page_weight_kb_"+cmp.name+"_gzip", fmt.Sprintf("%.0f", median(gzLoads).KB), "the same page when the browser accepts gzip only (plain HTTP on a network)")
	return nil
}

// median is the median of each figure of the loads on its own.
func median(ls []pageLoad) pageLoad {
	pick := func(f func(*pageLoad) *float64) float64 {
		xs := make([]float64, len(ls))
		for i := range ls {
			xs[i] = *f(&ls[i])
		}
		sort.Float64s(xs)
		return xs[len(xs)/2]
	}
	var m pageLoad
	for _, f := range []func(*pageLoad) *float64{
		func(l *pageLoad) *float64 { return &l.KB }, func(l *pageLoad) *float64 { return &l.HTML },
		func(l *pageLoad) *float64 { return &l.Interactive }, func(l *pageLoad) *float64 { return &l.Script },
		func(l *pageLoad) *float64 { return &l.Evaluated }, func(l *pageLoad) *float64 { return &l.Chart },
		func(l *pageLoad) *float64 { return &l.Busy }, func(l *pageLoad) *float64 { return &l.Scripting },
		func(l *pageLoad) *float64 { return &l.Layout }, func(l *pageLoad) *float64 { return &l.Style },
	} {
		*f(&m) = pick(f)
	}
	return m
}

// browser is one headless Chromium whose tab counts the bytes it receives.
type browser struct {
	ctx    context.Context
	cancel []context.CancelFunc
	mu     sync.Mutex
	bytes  float64
}

func newBrowser() (*browser, error) {
	profile, err := os.MkdirTemp("", "bdg-bench-chromium-")
	if err != nil {
		return nil, err
	}
	b := &browser{}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath("/usr/bin/chromium"),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 1000), chromedp.UserDataDir(profile))
	ctx, cancelB := chromedp.NewContext(actx)
	b.ctx = ctx
	b.cancel = []context.CancelFunc{cancelB, cancelA, func() { _ = os.RemoveAll(profile) }}
	chromedp.ListenTarget(ctx, func(ev any) {
		if e, ok := ev.(*network.EventLoadingFinished); ok {
			b.mu.Lock()
			b.bytes += e.EncodedDataLength
			b.mu.Unlock()
		}
	})
	if err := chromedp.Run(ctx, network.Enable(), cdpperf.Enable()); err != nil {
		b.close()
		return nil, err
	}
	return b, nil
}

func (b *browser) close() {
	for _, c := range b.cancel {
		c()
	}
}

// acceptEncoding makes the tab send this Accept-Encoding from now on.
func (b *browser) acceptEncoding(v string) error {
	return chromedp.Run(b.ctx, network.SetExtraHTTPHeaders(network.Headers{"Accept-Encoding": v}))
}

// load empties the browser's cache, loads url and waits for its first
// chart (if it has one).
func (b *browser) load(url string) (pageLoad, error) {
	ctx, cancel := context.WithTimeout(b.ctx, time.Minute)
	defer cancel()
	if err := chromedp.Run(ctx, chromedp.Navigate("about:blank"), network.ClearBrowserCache()); err != nil {
		return pageLoad{}, err
	}
	b.mu.Lock()
	b.bytes = 0
	b.mu.Unlock()
	var l pageLoad
	if err := chromedp.Run(ctx, chromedp.Navigate(url),
		chromedp.Poll(loaded, &l, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		return pageLoad{}, err
	}
	// The page's own counters (Chromium starts them afresh with each document).
	var metrics []*cdpperf.Metric
	if err := chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) (err error) {
		metrics, err = cdpperf.GetMetrics().Do(ctx)
		return err
	})); err != nil {
		return pageLoad{}, err
	}
	for _, m := range metrics {
		switch m.Name {
		case "TaskDuration":
			l.Busy = m.Value * 1000
		case "ScriptDuration":
			l.Scripting = m.Value * 1000
		case "LayoutDuration":
			l.Layout = m.Value * 1000
		case "RecalcStyleDuration":
			l.Style = m.Value * 1000
		}
	}
	// Let the last LoadingFinished events arrive.
	time.Sleep(150 * time.Millisecond)
	b.mu.Lock()
	l.KB = b.bytes / 1024
	b.mu.Unlock()
	return l, nil
}
