package dashboards_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/browsertest"
	"github.com/bdg-district/bdg/period"
)

// watcher records what the page does: every request, bytes transferred,
// console errors and downloads.
type watcher struct {
	mu        sync.Mutex
	base      string
	outside   []string
	errors    []string
	bytes     float64
	downloads map[string]string // guid → suggested name
	done      map[string]bool
}

func (w *watcher) listen(ev any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		u := e.Request.URL
		if !strings.HasPrefix(u, w.base+"/") && !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "blob:") {
			w.outside = append(w.outside, u)
		}
	case *network.EventLoadingFinished:
		w.bytes += e.EncodedDataLength
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.APITypeError || e.Type == runtime.APITypeAssert {
			var parts []string
			for _, a := range e.Args {
				parts = append(parts, string(a.Value)+a.Description)
			}
			w.errors = append(w.errors, "console: "+strings.Join(parts, " "))
		}
	case *runtime.EventExceptionThrown:
		w.errors = append(w.errors, "exception: "+e.ExceptionDetails.Text+" "+describe(e.ExceptionDetails.Exception))
	case *cdplog.EventEntryAdded:
		if e.Entry.Level == cdplog.LevelError {
			w.errors = append(w.errors, "log: "+e.Entry.Text+" "+e.Entry.URL)
		}
	case *browser.EventDownloadWillBegin:
		w.downloads[e.GUID] = e.SuggestedFilename
	case *browser.EventDownloadProgress:
		if e.State == browser.DownloadProgressStateCompleted {
			w.done[e.GUID] = true
		}
	}
}

func describe(o *runtime.RemoteObject) string {
	if o == nil {
		return ""
	}
	return o.Description
}

func (w *watcher) reset() (errs, outside []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	errs, outside = w.errors, w.outside
	w.errors, w.outside, w.bytes = nil, nil, 0
	return errs, outside
}

func (w *watcher) transferred() float64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.bytes
}

// chartsDrawn waits until every chart on the page has drawn and says how
// many there are and whether each has series data.
const chartsDrawn = `(() => {
  const els = [...document.querySelectorAll('.bdg-chart')];
  if (els.some(el => el.getAttribute('data-drawn') !== '1')) return null;
  return els.map(el => {
    const opt = echarts.getInstanceByDom(el).getOption();
    const n = (opt.series || []).reduce((k, s) => k + (s.data || []).filter(d => d !== '-' && d !== null && !(d && d.value === '-')).length, 0);
    return {id: el.id, points: n, ms: +el.getAttribute('data-drawn-ms')};
  });
})()`

type drawn struct {
	ID     string  `json:"id"`
	Points int     `json:"points"`
	MS     float64 `json:"ms"`
}

func TestBrowser(t *testing.T) {
	app := newDemoApp(t)
	poison(t, app.st)
	srv := httptest.NewServer(app.handler)
	defer srv.Close()
	ctx := context.Background()
	seed, err := app.an.Reports(ctx, analytics.ReportFilter{Commune: "06331", Era: period.EraPre2025,
		Period: period.MustParse("2024-H1"), Status: "published"})
	if err != nil || len(seed) != 1 {
		t.Fatalf("seed report: %v %d", err, len(seed))
	}

	dl := t.TempDir()
	bctx := browsertest.New(t, 4*time.Minute)
	w := &watcher{base: srv.URL, downloads: map[string]string{}, done: map[string]bool{}}
	chromedp.ListenTarget(bctx, w.listen)
	chromedp.ListenBrowser(bctx, w.listen)
	if err := chromedp.Run(bctx, browser.SetDownloadBehavior(browser.SetDownloadBehaviorBehaviorAllowAndName).
		WithDownloadPath(dl).WithEventsEnabled(true)); err != nil {
		t.Fatalf("start chromium: %v", err)
	}

	load := func(t *testing.T, path string) []drawn {
		t.Helper()
		w.reset()
		var charts []drawn
		err := chromedp.Run(bctx, chromedp.Navigate(srv.URL+path),
			chromedp.Poll(chartsDrawn, &charts, chromedp.WithPollingTimeout(20*time.Second)))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, c := range charts {
			if c.Points == 0 {
				t.Errorf("%s: chart %s has no data", path, c.ID)
			}
		}
		time.Sleep(100 * time.Millisecond) // let late console messages arrive
		errs, outside := w.reset()
		for _, e := range errs {
			t.Errorf("%s: %s", path, e)
		}
		for _, u := range outside {
			t.Errorf("%s: request outside bdg: %s", path, u)
		}
		return charts
	}

	t.Run("comparison page is light and fast", func(t *testing.T) {
		// First, with a cold cache: everything the page needs is transferred.
		w.reset()
		var charts []drawn
		if err := chromedp.Run(bctx, chromedp.Navigate(srv.URL+"/compare/communes?period=2024-H2&indicator=listeners_reached"),
			chromedp.Poll(chartsDrawn, &charts, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
			t.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond)
		total := w.transferred()
		t.Logf("comparison page: %.0f KB transferred, first chart drawn %.0f ms after navigation start", total/1024, charts[0].MS)
		// Bytes are asserted: they change only with the page and the ECharts
		// bundle. 200 KB is issue 16's budget for a cold comparison page; a
		// component added to assets/src/echarts-bdg.js must fit in it. Under
		// 100 KB, ECharts was not transferred at all.
		if total > 200<<10 || total < 100_000 {
			t.Errorf("comparison page transferred %.0f bytes, want between 100 KB and 200 KB", total)
		}
		// Draw times are logged, not asserted: a loaded machine would fail
		// a wall-clock bound; make bench measures them side by side.
		if err := chromedp.Run(bctx, chromedp.Navigate(srv.URL+"/compare/communes?period=2024-H1&indicator=female_staff_ratio"),
			chromedp.Poll(chartsDrawn, &charts, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
			t.Fatal(err)
		}
		t.Logf("again with a warm cache: first chart drawn %.0f ms after navigation start", charts[0].MS)
		w.reset()
	})

	t.Run("a chart the ECharts bundle cannot draw is reported", func(t *testing.T) {
		// ECharts' production build ignores a chart type or component it
		// lacks without a word; bdg.js says so on the console, so that a
		// chart that needs more of ECharts fails these tests.
		load(t, "/compare/communes?period=2024-H2&indicator=listeners_reached")
		if err := chromedp.Run(bctx, chromedp.Evaluate(`(() => {
			const el = document.createElement('div');
			el.className = 'bdg-chart';
			el.style.height = '200px';
			el.setAttribute('data-option', JSON.stringify({dataZoom: [{type: 'slider'}], toolbox: {feature: {dataView: {}}}, xAxis: {type: 'category', data: ['a']}, yAxis: {},
				series: [{type: 'pie', data: [1]}, {type: 'bar', data: [1], markPoint: {data: [{type: 'max'}]}}]}));
			document.querySelector('main').appendChild(el);
			const s = document.createElement('script');
			s.src = document.querySelector('script[src*="/bdg.js"]').src + '?again';
			document.head.appendChild(s);
		})()`, nil)); err != nil {
			t.Fatal(err)
		}
		var errs []string
		for end := time.Now().Add(5 * time.Second); time.Now().Before(end) && len(errs) == 0; time.Sleep(100 * time.Millisecond) {
			w.mu.Lock()
			errs = append(errs, w.errors...)
			w.mu.Unlock()
		}
		w.reset()
		got := strings.Join(errs, "\n")
		for _, want := range []string{"dataZoom.slider", "toolbox.feature.dataView", "series.pie", "markPoint"} {
			if !strings.Contains(got, want) {
				t.Errorf("console errors %q do not name %s", got, want)
			}
		}
	})

	// Each page with text it must show, and a heading of the page itself
	// in both languages: the English page must have the English one and
	// not the Vietnamese (the navigation is not what is checked).
	pages := []struct {
		path   string
		charts int
		text   []string
		vi, en string
	}{
		{"/", 1, []string{"Huyện Bắc Sơn", "6 tháng đầu năm 2026"}, "Tổng quan", "Overview"},
		{"/compare/communes?period=2024-H1&indicator=female_staff_ratio", 1, []string{"Vạn Thủy", "%"}, "So sánh các xã", "Compare communes"},
		{"/compare/periods?indicator=listeners_reached&periods=2024-H1,2024-H2,2024", 1, []string{"Năm 2024"}, "So sánh các kỳ", "Compare periods"},
		{"/compare/periods?indicator=comm_sessions&commune=06337&era=2025&periods=2024-H2,2025-H2", 1, []string{"Tân Tri"}, "So sánh các kỳ", "Compare periods"},
		{"/trends?indicator=comm_sessions", 1, []string{"Nhất Hòa"}, "Xu hướng", "Trends"},
		{"/completeness", 1, []string{"Nộp muộn"}, "Tình hình nộp báo cáo", "Reporting status"},
		{"/communes/06337", 1, []string{"Tân Tri", "Vạn Thủy"}, "Báo cáo và phiên bản", "Reports and versions"},
		{"/communes/06331?era=pre2025", 1, []string{"Vạn Thủy", "Tân Tri"}, "Báo cáo và phiên bản", "Reports and versions"},
		{"/reports", 0, []string{"000_adc9e7ce3e7bcf10.txt"}, "Báo cáo đã nhận", "Reports received"},
		{"/reports/" + seed[0].ID + "/text", 0, []string{"BÁO CÁO"}, "Nội dung báo cáo", "Report text"},
	}
	pages = append(pages, []struct {
		path   string
		charts int
		text   []string
		vi, en string
	}{
		{"/compare/communes?period=2024-H1&indicator=gbv_incidents&base=2023-H1", 1, []string{"Kỳ so sánh", "Tìm xã"}, "So sánh các xã", "Compare communes"},
		{"/compare/communes?period=2026&indicator=listeners_reached", 1, []string{"chưa đủ kỳ", "6 tháng đầu năm 2025"}, "So sánh các xã", "Compare communes"},
		{"/compare/communes?period=2026-H2", 0, []string{"Chưa có số liệu đã công bố cho kỳ này."}, "So sánh các xã", "Compare communes"},
		{"/trends?indicator=comm_sessions&era=pre2025", 1, []string{"Vạn Thủy"}, "Xu hướng", "Trends"},
	}...)
	// Every page at a desktop width and on a phone (390 px): the body never
	// scrolls sideways (only a table's own box may), and every chart draws.
	type view struct {
		lang  string
		width int64
	}
	for _, v := range []view{{"vi", 1366}, {"vi", 390}, {"en", 1366}} {
		lang := v.lang
		if err := chromedp.Run(bctx, chromedp.EmulateViewport(v.width, 900)); err != nil {
			t.Fatal(err)
		}
		for _, pg := range pages {
			path := pg.path
			if lang == "en" {
				sep := "?"
				if strings.Contains(path, "?") {
					sep = "&"
				}
				path += sep + "lang=en"
			}
			t.Run(fmt.Sprintf("%s %dpx %s", lang, v.width, pg.path), func(t *testing.T) {
				charts := load(t, path)
				var overflow struct {
					Doc, Win int
					Wide     []string
				}
				if err := chromedp.Run(bctx, chromedp.Evaluate(`(() => {
					const win = window.innerWidth;
					// What sticks out of the page, outside a scroll box of its own.
					const wide = [...document.querySelectorAll('body *')].filter(el => {
						const r = el.getBoundingClientRect();
						return r.right > win + 1 && !el.closest('.scroll') && getComputedStyle(el).position !== 'fixed';
					}).slice(0, 5).map(el => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right));
					return {doc: document.documentElement.scrollWidth, win: win, wide: wide};
				})()`, &overflow)); err != nil {
					t.Fatal(err)
				}
				// Text that can be measured does not overlap other text: the
				// leaves of the page (outside charts, which draw on a canvas),
				// and no toolbox over a chart's title.
				var overlaps []string
				if err := chromedp.Run(bctx, chromedp.Evaluate(`(() => {
					const els = [...document.querySelectorAll('main *')].filter(el =>
						el.children.length === 0 && el.textContent.trim() !== '' && !el.closest('.bdg-chart') &&
						!el.closest('option') && el.getClientRects().length > 0);
					const out = els.length < 5 ? ['only ' + els.length + ' texts measured'] : [];
					// Line boxes, not bounding boxes: a link that wraps spans the width.
					const rs = els.map(el => [...el.getClientRects()]);
					const hit = (p, q) => p.some(a => q.some(b =>
						Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2));
					for (let i = 0; i < els.length; i++) for (let j = i + 1; j < els.length; j++) {
						if (hit(rs[i], rs[j])) {
							// Text clipped inside its own scroll box may lie under another's: compare only visible ones.
							const sa = els[i].closest('.scroll, fieldset.checks'), sb = els[j].closest('.scroll, fieldset.checks');
							if (sa || sb) continue;
							out.push(els[i].textContent.trim().slice(0, 30) + ' × ' + els[j].textContent.trim().slice(0, 30));
						}
					}
					document.querySelectorAll('.bdg-chart').forEach(el => {
						const tb = echarts.getInstanceByDom(el).getOption().toolbox;
						if (tb && tb.some(t => t.show !== false && t.feature && Object.keys(t.feature).length)) out.push(el.id + ': a toolbox over the chart');
					});
					return out.slice(0, 5);
				})()`, &overlaps)); err != nil {
					t.Fatal(err)
				}
				for _, o := range overlaps {
					t.Errorf("overlapping text at %d px: %s", v.width, o)
				}
				if int64(overflow.Win) != v.width {
					t.Fatalf("window is %d px wide, want %d", overflow.Win, v.width)
				}
				if overflow.Doc > overflow.Win {
					t.Errorf("at %d px the page is %d px wide: %v", v.width, overflow.Doc, overflow.Wide)
				}
				if len(charts) != pg.charts {
					t.Errorf("%d charts, want %d", len(charts), pg.charts)
				}
				if dir := os.Getenv("BDG_SCREENSHOTS"); dir != "" { // pictures for a person to look at
					var png []byte
					if err := chromedp.Run(bctx, chromedp.FullScreenshot(&png, 100)); err == nil {
						name := fmt.Sprintf("%s-%d-%s.png", lang, v.width, strings.Trim(regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(pg.path, "-"), "-"))
						_ = os.WriteFile(filepath.Join(dir, name), png, 0o644)
					}
				}
				var body, headings, htmlLang string
				if err := chromedp.Run(bctx, chromedp.Evaluate(`document.body.innerText`, &body),
					chromedp.Evaluate(`[...document.querySelectorAll('main h1, main h2')].map(h => h.innerText).join('\n')`, &headings),
					chromedp.Evaluate(`document.documentElement.lang`, &htmlLang)); err != nil {
					t.Fatal(err)
				}
				if htmlLang != lang {
					t.Errorf("lang = %q", htmlLang)
				}
				want, other := pg.vi, pg.en
				if lang == "en" {
					want, other = pg.en, pg.vi
				}
				if !strings.Contains(headings, want) || strings.Contains(headings, other) {
					t.Errorf("headings %q: want %q and not %q", headings, want, other)
				}
				if lang == "vi" {
					for _, s := range pg.text {
						if !strings.Contains(body, s) {
							t.Errorf("page lacks %q", s)
						}
					}
				}
			})
		}
	}

	if err := chromedp.Run(bctx, chromedp.EmulateViewport(1366, 900)); err != nil {
		t.Fatal(err)
	}

	t.Run("a ratio's tooltip carries its %", func(t *testing.T) {
		load(t, "/compare/communes?period=2024-H1&indicator=female_staff_ratio")
		var tip string
		if err := chromedp.Run(bctx, chromedp.Evaluate(`(() => {
			const el = document.querySelector('.bdg-chart');
			const c = echarts.getInstanceByDom(el);
			c.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: 0});
			return [...el.querySelectorAll('div')].map(d => d.innerText).join('\n');
		})()`, &tip)); err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(`\d%`).MatchString(tip) {
			t.Errorf("tooltip %q has no value with %%", tip)
		}
	})

	t.Run("evidence is highlighted", func(t *testing.T) {
		load(t, "/reports/"+seed[0].ID+"/text#ev-listeners_reached")
		var mark string
		if err := chromedp.Run(bctx, chromedp.Evaluate(`((document.getElementById('ev-listeners_reached')||{closest:()=>null}).closest('mark')||{}).textContent||''`, &mark)); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(mark, "1.500") {
			t.Errorf("evidence mark = %q, want the sentence with 1.500", mark)
		}
	})

	// A click on a commune in a chart opens its page: a bar of the
	// comparison, a cell of the completeness heatmap, a point of a trend line.
	clicks := []struct {
		name, path, js, want string
	}{
		{"bar", "/compare/communes?period=2024-H2&indicator=listeners_reached", `(() => {
			const ch = echarts.getInstanceByDom(document.querySelector('.bdg-chart'));
			const opt = ch.getOption(), d = opt.series[0].data[0], v = (typeof d === 'object' ? d.value : d) / 2;
			// Over eight communes the bars lie across: the communes are on the y axis.
			return ch.convertToPixel({seriesIndex: 0}, opt.yAxis[0].type === 'category' ? [v, 0] : [0, v]);
		})()`, "/communes/06349?era=pre2025"}, // xã Hưng Vũ, the demo's outlier, has the tallest bar
		{"heatmap cell", "/completeness?periods=2024-H1,2024-H2", `(() => {
			const ch = echarts.getInstanceByDom(document.querySelector('.bdg-chart'));
			return ch.convertToPixel({seriesIndex: 0}, [1, 2]);
		})()`, "/communes/06331?era=pre2025"}, // third row: xã Vạn Thủy
		{"trend point", "/trends?indicator=comm_sessions&era=2025&communes=06337&periods=2025-H2,2026-H1", `(() => {
			const ch = echarts.getInstanceByDom(document.querySelector('.bdg-chart'));
			// The second point lies under the district's (80 on its own axis):
			// the district line lets the click through.
			const d = ch.getOption().series[0].data[1];
			return ch.convertToPixel({seriesIndex: 0}, [1, typeof d === 'object' ? d.value : d]);
		})()`, "/communes/06337?era=2025"},
	}
	for _, k := range clicks {
		t.Run("clicking a commune "+k.name+" opens its page", func(t *testing.T) {
			load(t, k.path)
			var pt []float64
			if err := chromedp.Run(bctx, chromedp.Evaluate(`document.querySelector('.bdg-chart').scrollIntoView()`, nil),
				chromedp.Evaluate(`(() => { const p = `+k.js+`; const r = document.querySelector('.bdg-chart').getBoundingClientRect(); return [r.left + p[0], r.top + p[1]]; })()`, &pt)); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Run(bctx, chromedp.MouseClickXY(pt[0], pt[1])); err != nil {
				t.Fatalf("click: %v", err)
			}
			// The page changes under the click: ask until the new one answers.
			var path string
			for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
				if err := chromedp.Run(bctx, chromedp.Evaluate(`location.pathname + location.search`, &path)); err == nil &&
					strings.HasPrefix(path, "/communes/") {
					break
				}
			}
			if !strings.HasPrefix(path, k.want) {
				t.Errorf("opened %q, want %s", path, k.want)
			}
			// Let the commune page finish loading before the next navigation.
			var ready bool
			for end := time.Now().Add(10 * time.Second); time.Now().Before(end) && !ready; time.Sleep(100 * time.Millisecond) {
				_ = chromedp.Run(bctx, chromedp.Evaluate(`document.readyState === 'complete' && [...document.querySelectorAll('.bdg-chart')].every(el => el.getAttribute('data-drawn') === '1')`, &ready))
			}
			w.reset()
		})
	}

	t.Run("hostile names stay text in charts and tooltips", func(t *testing.T) {
		for _, path := range []string{"/compare/communes?period=2024-H2&indicator=listeners_reached", "/completeness", "/trends?era=pre2025"} {
			load(t, path)
			var res struct {
				Imgs    int    `json:"imgs"`
				Tooltip string `json:"tooltip"`
			}
			if err := chromedp.Run(bctx, chromedp.Evaluate(`(() => {
				const el = document.querySelector('.bdg-chart');
				const ch = echarts.getInstanceByDom(el);
				const opt = ch.getOption();
				let tip = '';
				const cats = [].concat((opt.xAxis && opt.xAxis[0] && opt.xAxis[0].data) || [], (opt.yAxis && opt.yAxis[0] && opt.yAxis[0].data) || []);
				const idx = cats.findIndex(c => String(c).includes('<img'));
				if (idx >= 0) {
					ch.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: idx});
					const box = el.querySelector('div[style*="z-index"]') || el.lastElementChild;
					tip = box ? box.innerHTML : '';
				}
				return {imgs: document.querySelectorAll('img').length, tooltip: tip};
			})()`, &res)); err != nil {
				t.Fatal(err)
			}
			if res.Imgs != 0 {
				t.Errorf("%s: a commune name became an <img>", path)
			}
			if strings.Contains(path, "compare") && !strings.Contains(res.Tooltip, "&lt;img src=x") {
				t.Errorf("%s: tooltip = %q, want the name escaped", path, res.Tooltip)
			}
		}
	})

	t.Run("exports download", func(t *testing.T) {
		load(t, "/compare/communes?period=2024-H2&indicator=female_staff_ratio")
		want := map[string]func([]byte) bool{
			".csv": func(b []byte) bool {
				return bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) && bytes.Contains(b, []byte("Vạn Thủy"))
			},
			".xlsx": func(b []byte) bool { return bytes.HasPrefix(b, []byte("PK")) },
			".json": func(b []byte) bool { var v map[string]any; return json.Unmarshal(b, &v) == nil && v["area"] != nil },
			".png":  func(b []byte) bool { return bytes.HasPrefix(b, []byte("\x89PNG")) && len(b) > 5000 },
			".svg": func(b []byte) bool {
				return bytes.Contains(b, []byte("<svg")) && bytes.Contains(b, []byte("Vạn Thủy"))
			},
		}
		actions := []chromedp.Action{
			chromedp.Click(`a.export[data-format=csv]`, chromedp.ByQuery),
			chromedp.Click(`a.export[data-format=xlsx]`, chromedp.ByQuery),
			chromedp.Click(`a.export[data-format=json]`, chromedp.ByQuery),
			// The labelled buttons under the chart.
			chromedp.Click(`button.chart-dl[data-chart=chart-compare][data-type=png]`, chromedp.ByQuery),
			chromedp.Click(`button.chart-dl[data-chart=chart-compare][data-type=svg]`, chromedp.ByQuery),
		}
		for _, a := range actions {
			if err := chromedp.Run(bctx, a); err != nil {
				t.Fatal(err)
			}
			time.Sleep(150 * time.Millisecond)
		}
		deadline := time.Now().Add(15 * time.Second)
		for {
			w.mu.Lock()
			n := len(w.done)
			w.mu.Unlock()
			if n >= len(want) || time.Now().After(deadline) {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		w.mu.Lock()
		defer w.mu.Unlock()
		got := map[string]bool{}
		for guid, name := range w.downloads {
			ext := filepath.Ext(name)
			b, err := os.ReadFile(filepath.Join(dl, guid))
			if err != nil || !w.done[guid] {
				t.Errorf("%s: not downloaded (%v)", name, err)
				continue
			}
			// Names in plain ASCII that say what they hold.
			// (The page is in the language chosen last: English here.)
			if !regexp.MustCompile(`^(ty-le-nu-trong-can-bo-lam-cong-tac-binh-dang-gioi_6-thang-cuoi-nam-2024|share-of-women-among-gender-equality-staff_second-half-of-2024)\.[a-z]+$`).MatchString(name) {
				t.Errorf("download named %q", name)
			}
			check, ok := want[ext]
			if !ok {
				t.Errorf("unexpected download %s", name)
				continue
			}
			if !check(b) {
				t.Errorf("%s: wrong content (%d bytes): %.80q", name, len(b), b)
			}
			got[ext] = true
		}
		for ext := range want {
			if !got[ext] {
				t.Errorf("no %s download (downloads: %v)", ext, w.downloads)
			}
		}
		if len(w.errors) > 0 || len(w.outside) > 0 {
			t.Errorf("errors %v, outside requests %v", w.errors, w.outside)
		}
	})

}
