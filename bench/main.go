// Command bench measures bdg at national scale, side by side in one run:
// structured ingest against clickhouse-client, extraction speed, narrative
// ingest end to end, and analytics through bdg's JSON API against the same
// SQL run directly. It starts its own ClickHouse on loopback, prints one
// `name: value` line per figure and writes BENCHMARKS.md.
//
//	go run ./bench [-communes 10035] [-reports 10000] [-out BENCHMARKS.md]
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/klauspost/compress/gzhttp"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/assets"
	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/dashboards"
	"github.com/bdg-district/bdg/deploy"
	"github.com/bdg-district/bdg/ingest"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/store"
	"github.com/bdg-district/bdg/summary"
	"github.com/bdg-district/bdg/synth"
	"github.com/bdg-district/bdg/units"
	"github.com/bdg-district/bdg/web"
)

type figure struct {
	name, value, note string
}

func main() {
	communesN := flag.Int("communes", 0, "how many pre-2025 communes (0: all 10,035)")
	reportsN := flag.Int("reports", 10000, "narrative reports to render and ingest")
	queryRuns := flag.Int("runs", 40, "runs per query for p50/p95")
	out := flag.String("out", "BENCHMARKS.md", "report file")
	keep := flag.Bool("keep", false, "leave the benchmark's ClickHouse running with its data (to study queries)")
	curve := flag.Bool("curve", true, "also time the analytics APIs at three data sizes (half-years, quarters, months)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file (where bdg's time goes)")
	curveOnly := flag.Bool("curve-only", false, "time only the cost curve (to iterate on the layout); prints, writes no report")
	extractOnly := flag.Bool("extract", false, "only the extraction figures (no ClickHouse, no report file)")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if *extractOnly {
		if err := runExtract(*reportsN); err != nil {
			pprof.StopCPUProfile()
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	ctx := context.Background()
	if *curveOnly {
		*curve, *out = true, ""
	}
	if err := run(ctx, *communesN, *reportsN, *queryRuns, *out, *keep, *curve); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, communesN, reportsN, runs int, out string, keep, curve bool) error {
	loadAtStart := loadAverage()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	dir, err := os.MkdirTemp("", "bdg-bench-")
	if err != nil {
		return err
	}
	var local *deploy.Local
	if keep {
		// Started by the shell launcher, so it outlives this process.
		if out, err := exec.Command("deploy/clickhouse.sh", "start", filepath.Join(dir, "ch")).CombinedOutput(); err != nil {
			return fmt.Errorf("clickhouse.sh: %v: %s", err, out)
		}
		l, ok := deploy.Running(filepath.Join(dir, "ch"))
		if !ok {
			return fmt.Errorf("clickhouse.sh started nothing")
		}
		local = l
	} else if local, err = deploy.Start(ctx, filepath.Join(dir, "ch"), deploy.Options{Logger: log}); err != nil {
		return err
	}
	if keep {
		fmt.Fprintf(os.Stderr, "bench: ClickHouse left running at %s (data in %s); query it with clickhouse-client --config-file %s; stop it with deploy/clickhouse.sh stop %s/ch\n",
			local.Addr(), dir, local.ClientConfig(), dir)
	} else {
		defer os.RemoveAll(dir)
		defer local.Stop()
	}
	open := func(db string) (*store.Store, error) {
		st, err := store.Open(ctx, store.Config{Addr: []string{local.Addr()}, Password: local.Password.Reveal(), Database: db}, log, 30*time.Second)
		if err != nil {
			return nil, err
		}
		_, err = st.Migrate(ctx)
		return st, err
	}
	st, err := open("bdg")
	if err != nil {
		return err
	}
	defer st.Close()
	baseline, err := open("baseline")
	if err != nil {
		return err
	}
	defer baseline.Close()
	ceiling, err := open("driver")
	if err != nil {
		return err
	}
	defer ceiling.Close()
	var figs []figure
	add := func(name, value, note string) {
		fmt.Printf("%s: %s\n", name, value)
		figs = append(figs, figure{name, value, note})
	}

	all, err := units.Load()
	if err != nil {
		return err
	}
	var old, now []units.Unit
	for _, u := range all {
		if u.Level == "commune" && u.Era == period.EraPre2025 {
			old = append(old, u)
		}
		if u.Level == "commune" && u.Era == period.Era2025 {
			now = append(now, u)
		}
	}
	if communesN > 0 && communesN < len(old) {
		old = old[:communesN]
	}
	cat := catalogue.New(catalogue.Default())
	var codes []string
	for _, ind := range cat.All() {
		if !ind.IsRatio() {
			codes = append(codes, ind.Code)
		}
	}
	periods := period.Range(period.MustParse("2016-H1"), period.MustParse("2025-H1"))
	svc := ingest.NewService(st, nil, log)
	if out == "" { // -curve-only
		return curveFigures(ctx, open, old, codes, runs, log, add)
	}

	// 1. Structured ingest: the same rows through bdg and through
	// clickhouse-client, in rounds of two half-years each, the two sides one
	// after the other in every round, so that the machine's drift hits
	// both; the ratio is the median of the rounds'. Round 0 warms both up
	// (connections, caches, the tables' first parts) and is not counted.
	const rounds, perRound = 4, 2
	measured := periods[len(periods)-rounds*perRound:]
	var rows int
	var bdgSecs, chSecs, drvSecs float64
	var ratios, drvRatios []float64
	for r := 0; r < rounds; r++ {
		subs := synth.Structured(old, measured[r*perRound:(r+1)*perRound], codes)
		n := 0
		for _, s := range subs {
			n += len(s.Values)
		}
		tsv := tsvOf(subs)
		t0 := time.Now()
		if err := submitInChunks(ctx, svc, subs); err != nil {
			return err
		}
		b := time.Since(t0).Seconds()
		t0 = time.Now()
		// The password reaches clickhouse-client in its config file, not in ps.
		cmd := exec.CommandContext(ctx, "clickhouse-client", "--config-file", local.ClientConfig(),
			"--database", "baseline", "--query", "INSERT INTO indicator_values (report_id, era, commune_code, period, period_start, "+
				"version, indicator, value, unit, evidence, ev_start, ev_end, confidence, method, created_by, created_at) FORMAT TabSeparated")
		cmd.Stdin = bytes.NewReader(tsv)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("clickhouse-client: %v: %s", err, out)
		}
		c := time.Since(t0).Seconds()
		// The ceiling: the same rows through the same driver, columnar, one
		// period's table per insert as bdg sends them, nothing checked.
		t0 = time.Now()
		for i := 0; i < len(subs); {
			j := i
			for j < len(subs) && subs[j].Period == subs[i].Period {
				j++
			}
			if err := driverInsert(ctx, ceiling.Conn, subs[i:j]); err != nil {
				return err
			}
			i = j
		}
		d := time.Since(t0).Seconds()
		if r == 0 {
			continue // warm-up
		}
		rows, bdgSecs, chSecs, drvSecs = rows+n, bdgSecs+b, chSecs+c, drvSecs+d
		ratios, drvRatios = append(ratios, c/b), append(drvRatios, d/b)
	}
	add("ingest_structured_rows", strconv.Itoa(rows), fmt.Sprintf("%d communes × %d half-years × %d indicators, in %d rounds after a warm-up round", len(old), len(measured)-perRound, len(codes), rounds-1))
	add("ingest_structured_rows_per_s", fmt.Sprintf("%.0f", float64(rows)/bdgSecs), "bdg: validate, version, insert values and report rows (SubmitBatch, one period's national table per call)")
	add("clickhouse_client_tsv_rows_per_s", fmt.Sprintf("%.0f", float64(rows)/chSecs), "clickhouse-client, same rows as TSV, same table")
	add("driver_columnar_rows_per_s", fmt.Sprintf("%.0f", float64(rows)/drvSecs), "clickhouse-go v2 columnar batch insert of the same rows (values and report rows), nothing checked: the ceiling")
	add("ingest_structured_vs_driver_ratio", fmt.Sprintf("%.2f", pct(drvRatios, 50)), fmt.Sprintf("bdg's rate over the driver's, median of the rounds' %s; goal ≥ 0.8", fmtList(drvRatios)))
	add("ingest_structured_ratio", fmt.Sprintf("%.2f", pct(ratios, 50)), fmt.Sprintf("against clickhouse-client's TSV (information): median of the rounds' ratios %s", fmtList(ratios)))

	// The rest of the national data set, for the queries (not timed).
	rest := synth.Structured(old, periods[:len(periods)-rounds*perRound], codes)
	rest = append(rest, synth.Structured(now, []period.Period{period.MustParse("2025-H2")}, codes)...)
	if err := submitInChunks(ctx, svc, rest); err != nil {
		return err
	}
	var total uint64
	if err := st.Conn.QueryRow(ctx, "SELECT count() FROM indicator_values").Scan(&total); err != nil {
		return err
	}
	add("national_values", strconv.FormatUint(total, 10), fmt.Sprintf("%d + %d communes, %d half-years", len(old), len(now), len(periods)+1))

	// 2. Extraction speed, one core, and narrative ingest end to end.
	parents := map[string]units.Unit{}
	for _, u := range all {
		if u.Era == period.EraPre2025 && u.Level != "commune" {
			parents[u.Code] = u
		}
	}
	texts := synth.Narratives(old, parents, reportsN)
	extractFigures(add, old, parents, cat.All(), texts)
	narrSecs, failed, err := ingestNarrative(ctx, svc, texts)
	if err != nil {
		return err
	}
	add("ingest_narrative_seconds", fmt.Sprintf("%.1f", narrSecs), fmt.Sprintf("%d reports as bdg ingest loads them (chunks of 200), %d failed; goal ≤ 30 s on 2 cores", len(texts), failed))

	// Let the background merges of the bulk load finish (bounded), so the
	// queries are timed in the steady state a server is in, not mid-merge.
	for i := 0; i < 120; i++ {
		var merges uint64
		if err := st.Conn.QueryRow(ctx, "SELECT count() FROM system.merges").Scan(&merges); err != nil || merges == 0 {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}

	// 3. Analytics: the JSON API against the same SQL run directly.
	as, err := assets.New()
	if err != nil {
		return err
	}
	area := analytics.Area{Level: "province", Code: "01"} // Hà Nội: the largest province
	rec := &recorder{Conn: st.Conn}
	an := analytics.New(rec, st, analytics.Options{Area: area, Logger: log})
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	dh := dashboards.New(an, web.NewSite(web.Options{Assets: as, Area: an.AreaName, Logger: log}), log)
	dashboards.APIRoutes(r.Group("/api/v1"), dh)
	dashboards.Routes(r, dh)
	r.GET(assets.Prefix+"*path", gin.WrapH(as))
	r.GET("/trivial", func(c *gin.Context) { c.String(http.StatusOK, "ok") })
	srv := httptest.NewServer(gzhttp.GzipHandler(r))
	defer srv.Close()
	hanoi, err := an.Communes(ctx, period.EraPre2025)
	if err != nil {
		return err
	}
	q := periods[len(periods)-2].String()
	// Each answer through the JSON API, uncached (the result cache is dropped
	// before every request), against the very statements that request sent
	// to ClickHouse, recorded and then run directly, one after the other.
	for _, ep := range []struct{ name, path string }{
		{"compare_communes", "/api/v1/compare/communes?period=" + q + "&indicator=listeners_reached"},
		{"compare_periods", "/api/v1/compare/periods?indicator=listeners_reached"},
		{"trends", "/api/v1/trends?indicator=listeners_reached"},
		{"completeness", "/api/v1/completeness"},
		{"overview", "/api/v1/overview?period=" + q},
	} {
		an.Invalidate()
		stop := rec.record()
		if err := fetch(srv.URL + ep.path); err != nil {
			stop()
			return err
		}
		stmts := stop()
		// Alternating, one API request then one direct run, so that the
		// machine's drift hits both sides alike.
		var apiTimes, sqlTimes []float64
		for i := 0; i < runs+3; i++ {
			a, err := timeHTTP(srv.URL+ep.path, an.Invalidate)
			if err != nil {
				return err
			}
			q, err := timeSQL(ctx, st, stmts...)
			if err != nil {
				return err
			}
			if i >= 3 { // warm-up
				apiTimes, sqlTimes = append(apiTimes, a), append(sqlTimes, q)
			}
		}
		note := fmt.Sprintf("Hà Nội, %d communes; %d statements; goal ≤ 1.3", len(hanoi), len(stmts))
		add(ep.name+"_p50_ratio", fmt.Sprintf("%.2f", pct(apiTimes, 50)/pct(sqlTimes, 50)), note)
		add(ep.name+"_p95_ratio", fmt.Sprintf("%.2f", pct(apiTimes, 95)/pct(sqlTimes, 95)), "")
		add(ep.name+"_p95_ms", fmt.Sprintf("%.1f", pct(apiTimes, 95)), fmt.Sprintf("through the API, uncached; SQL alone p95 %.1f ms; goal ≤ 100 ms", pct(sqlTimes, 95)))
	}

	// 4. The cached comparison endpoint against a trivial handler, same
	// engine, same load generator, same run.
	cachedURL := srv.URL + "/api/v1/compare/communes?period=" + q + "&indicator=listeners_reached"
	// Three one-second windows each, alternating.
	var cachedRPS, trivialRPS float64
	for i := 0; i < 3; i++ {
		cachedRPS += loadRPS(cachedURL, time.Second) / 3
		trivialRPS += loadRPS(srv.URL+"/trivial", time.Second) / 3
	}
	add("http_cached_rps", fmt.Sprintf("%.0f", cachedRPS), "cached commune comparison, 8 keep-alive clients")
	add("http_trivial_rps", fmt.Sprintf("%.0f", trivialRPS), "a handler that writes ok")
	add("http_cached_ratio", fmt.Sprintf("%.2f", cachedRPS/trivialRPS), "goal ≥ 0.5")

	// 4a. The cost curve: the same APIs at three data sizes, each in its own
	// database, to see how p95 grows with the data a query must read.
	if curve {
		if err := curveFigures(ctx, open, old, codes, runs, log, add); err != nil {
			return err
		}
	}

	// 5a. The province's own report as a Word document, as `bdg report`
	// writes it: every figure read uncached, then the document written.
	an.Invalidate()
	t0 := time.Now()
	rd, err := summary.NewBuilder(an, summary.Options{Logger: log}).Build(ctx, period.MustParse(q), "")
	if err != nil {
		return err
	}
	var docx bytes.Buffer
	if err := summary.Render(&docx, rd, "vi", summary.DefaultIssuer(rd.Area, rd.AreaName, "vi", "")); err != nil {
		return err
	}
	add("report_docx_seconds", fmt.Sprintf("%.2f", time.Since(t0).Seconds()), fmt.Sprintf("Hà Nội, %d communes, %s: figures read uncached and the .docx written (%.1f MB); goal: seconds", len(rd.Communes), q, float64(docx.Len())/1e6))

	// 5. Every dashboard page in headless Chromium, cold cache: bytes and
	// first chart, with bdg's ECharts bundle and with the full build.
	pagesFor := func(as *assets.Server) http.Handler {
		r := gin.New()
		dashboards.Routes(r, dashboards.New(an, web.NewSite(web.Options{Assets: as, Area: an.AreaName, Logger: log}), log))
		r.GET(assets.Prefix+"*path", gin.WrapH(as))
		return gzhttp.GzipHandler(r)
	}
	pages := []benchPage{
		{"overview", "/?period=" + q},
		{"compare_communes", "/compare/communes?period=" + q + "&indicator=listeners_reached"},
		{"compare_periods", "/compare/periods?indicator=listeners_reached"},
		{"trends", "/trends?indicator=listeners_reached"},
		{"completeness", "/completeness"},
		{"commune", "/communes/" + hanoi[0].Code + "?era=pre2025"},
		{"reports", "/reports"},
	}
	if err := pageFigures(as, pagesFor, pages, 7, add); err != nil {
		add("page_weight_kb", "n/a", err.Error())
	}
	return writeReport(out, figs, communesN, reportsN, runs, loadAtStart+" at the start, "+loadAverage()+" at the end")
}

// submitInChunks sends one period's communes per call, as the import of a
// national table for one period would (10,035 rows; the import takes up to
// 20,000).
func submitInChunks(ctx context.Context, svc *ingest.Service, subs []ingest.Submission) error {
	for i := 0; i < len(subs); {
		j := i
		for j < len(subs) && subs[j].Period == subs[i].Period {
			j++
		}
		if _, err := svc.SubmitBatch(ctx, subs[i:j]); err != nil {
			return err
		}
		i = j
	}
	return nil
}

func tsvOf(subs []ingest.Submission) []byte {
	var b bytes.Buffer
	now := time.Now().UTC().Format("2006-01-02 15:04:05")
	for n, s := range subs {
		for _, v := range s.Values {
			fmt.Fprintf(&b, "tsv-%d\t%s\t%s\t%s\t%s\t1\t%s\t%g\t\t\t0\t0\t1\timported\tbench\t%s\n",
				n, s.Period.Era(), s.Commune, s.Period, s.Period.Start().Format("2006-01-02"), v.Indicator, v.Value, now)
		}
	}
	return b.Bytes()
}

// ingestNarrative loads the reports as `bdg ingest` does: chunks of files,
// extracted in parallel and stored in a few inserts per chunk.
func ingestNarrative(ctx context.Context, svc *ingest.Service, texts []string) (float64, int, error) {
	const chunk = 200
	failed := 0
	t0 := time.Now()
	for start := 0; start < len(texts); start += chunk {
		var files []ingest.FileSubmission
		for i := start; i < min(start+chunk, len(texts)); i++ {
			files = append(files, ingest.FileSubmission{Name: fmt.Sprintf("r%05d.txt", i), Data: []byte(texts[i]), Period: "2024-H1", By: "bench"})
		}
		_, errs, err := svc.SubmitFiles(ctx, files)
		if err != nil {
			return 0, 0, err
		}
		for _, e := range errs {
			if e != nil {
				failed++
			}
		}
	}
	return time.Since(t0).Seconds(), failed, nil
}

// timeHTTP times one GET of url, made after before().
func timeHTTP(url string, before func()) (float64, error) {
	before()
	t0 := time.Now()
	if err := fetch(url); err != nil {
		return 0, err
	}
	return float64(time.Since(t0).Microseconds()) / 1000, nil
}

// fetch GETs url and reads the whole answer, which must be a 200.
func fetch(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != 200 {
		return fmt.Errorf("%s: %d", url, resp.StatusCode)
	}
	return nil
}

// timeSQL runs the queries one after the other, as recorded, reading every
// row, and returns the milliseconds taken.
func timeSQL(ctx context.Context, st *store.Store, queries ...query) (float64, error) {
	t0 := time.Now()
	for _, q := range queries {
		rows, err := st.Conn.Query(ctx, q.sql, q.args...)
		if err != nil {
			return 0, err
		}
		for rows.Next() {
		}
		rows.Close()
	}
	return float64(time.Since(t0).Microseconds()) / 1000, nil
}

type query struct {
	sql  string
	args []any
}

// loadRPS sends requests from 8 keep-alive clients for d and returns
// requests per second. The clients ask for gzip and read the compressed
// bytes as they arrive, as a browser's network stack does, without
// inflating them: on a 2-core machine, inflating in the load generator
// would be timed as if it were the server's work.
func loadRPS(url string, d time.Duration) float64 {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16, DisableCompression: true}}
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return 0
	}
	req.Header.Set("Accept-Encoding", "gzip")
	var n int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	end := time.Now().Add(d)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			k := int64(0)
			for time.Now().Before(end) {
				resp, err := client.Do(req)
				if err != nil {
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				k++
			}
			mu.Lock()
			n += k
			mu.Unlock()
		}()
	}
	wg.Wait()
	return float64(n) / d.Seconds()
}

func pct(xs []float64, p int) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	i := (len(s)*p + 99) / 100
	return s[max(min(i, len(s))-1, 0)]
}

func writeReport(path string, figs []figure, communes, reports, runs int, load string) error {
	host, _ := os.Hostname()
	var b strings.Builder
	fmt.Fprintf(&b, "# bdg benchmarks\n\nMachine: %s, %d cores, %s/%s, %s; ClickHouse %s on loopback, started by the benchmark.\n",
		host, runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version(), clickhouseVersion())
	fmt.Fprintf(&b, "Command: `make bench` (= `go run ./bench -communes %d -reports %d -runs %d`). Date: %s.\n\n",
		communes, reports, runs, time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	b.WriteString("Ratios are measured side by side in the same run on a noisy shared machine; absolute times are indicative only.\n")
	fmt.Fprintf(&b, "Load average (1 min) %s: other work on the machine slows both sides of a ratio, and every absolute figure.\n\n", load)
	b.WriteString("How the sides are paired:\n")
	b.WriteString("- Structured ingest: a warm-up round, then three rounds, each bdg, then clickhouse-client (TSV), then the bare driver\n")
	b.WriteString("  (columnar batches, nothing checked) on the same rows into their own databases; the median round ratio.\n")
	b.WriteString("- Analytics queries: each API request is uncached (the result cache is dropped first). It alternates with a direct run\n")
	b.WriteString("  of the statements that request sent (recorded), read to the last row, one after the other. The API may send its\n")
	b.WriteString("  statements at once, so a ratio below 1 is possible. The area is Hà Nội (the largest province) in the national data.\n")
	b.WriteString("- Cost curve: the three sizes (x1 half-years, x2 quarters, x6 months of the same communes and years) are loaded\n")
	b.WriteString("  into their own databases on the same server (bare driver, not timed) and their merges waited for; then each API\n")
	b.WriteString("  is timed uncached through the JSON API, the sizes taking turns request by request, 3 warm-ups, then the runs.\n")
	b.WriteString("  Growth is p95 at x6 over p95 at x1 from these same runs.\n")
	b.WriteString("- Cached comparison against a trivial handler: same engine, same 8 keep-alive clients, alternating one-second\n")
	b.WriteString("  windows. The clients read the gzipped bytes without inflating them.\n")
	b.WriteString("- Pages: every dashboard page of Hà Nội, served twice (bdg's ECharts bundle; the full echarts.min.js in its place),\n")
	b.WriteString("  loaded in one headless Chromium with its cache emptied before each load, the two sides alternating (order swapped\n")
	b.WriteString("  every round); a warm-up round, then the medians of 7 rounds. The pages' data is cached by then, as on a server in use.\n\n")
	b.WriteString(whereTimeGoes)
	b.WriteString("| figure | value | what |\n|---|---|---|\n")
	for _, f := range figs {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", f.name, f.value, f.note)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// loadAverage is the machine's one-minute load average, or "?" off Linux.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Fields(string(b) + " ?")[0]
}

func clickhouseVersion() string {
	out, err := exec.Command("clickhouse-client", "--version").Output()
	if err != nil {
		return "?"
	}
	v := strings.TrimSpace(string(out)) // "ClickHouse client version 18.16.1."
	return strings.TrimSuffix(strings.TrimPrefix(v, "ClickHouse client version "), ".")
}

func fmtList(xs []float64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprintf("%.2f", x)
	}
	return strings.Join(parts, ", ")
}
