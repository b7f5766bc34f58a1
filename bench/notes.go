package main

// whereTimeGoes is BENCHMARKS.md's paragraph per goal of issue 16: where the
// time of each measured path went in a profile, so that the next step is
// visible. It is written by hand from the profiles named in it (`go run
// ./bench -cpuprofile FILE`, the packages' Go benchmarks with -cpuprofile,
// and ClickHouse's query_log for the server's side) and kept here, in the
// generator, so that every run's report carries it; rewrite it when the code
// changes what it says.
const whereTimeGoes = `## Where the time goes now

**1. Structured ingest, against the bare driver** (profile: ` + "`" + `go run ./bench -communes 1500 -cpuprofile` + "`" + `, 2 December,
before the 15:00 merge).
Both sides wait mostly on ClickHouse: the same inserts into indicator_values and reports, each now also feeding
the materialized views of migration 14 (values_by_period, reports_by_period, published_periods), which replace
values_by_indicator. bdg's own Go work is about a tenth of its wall time: building the columns (ingest write, about
40% of it), the catalogue's checks (27%), the publishing decision (20%) and the version claims (13%, plus their
round trips to ClickHouse). Next step: fewer round trips for the claims of a national table.

**2. Pages** (each page_first_chart_ms row below splits its load: HTML received, parsed, ECharts received and
evaluated, main-thread busy in scripts, layout, style). Weight is mostly the ECharts bundle: 166 KB (brotli) of a page's 178 to 205 KB.
Time to the first chart is the main thread: evaluating ECharts and drawing (scripts about half of it, layout a
tenth to a fifth) on a machine whose two cores the benchmark's ClickHouse and Chromium share, so the bundle and the full
build come out within a few percent of each other. Two pages also wait on the server: the commune page's HTML
arrived after 2.0 s and the overview's after 1.1 s in this run (the commune profile reads indicator_values
through an IN subquery, not the by-period tables). Next steps: the commune profile on values_by_period; draw the
first chart before the others; less work at ECharts' start.

**3. Cost curve.** The layout is in place: migration 14 keeps the values, the report rows and the published periods
in tables ordered by period (values_by_period: period, indicator, commune; reports_by_period: period, commune,
version; published_periods: commune, period; granules of 256 rows), filled by materialized views and backfilled on
upgrade (step 15). An answer reads the periods it shows: a 40-month Hà Nội trend reads 75,708 value rows for the
21,040 it keeps, and the commune comparison the same three periods at every size. Profile of the curve's APIs at x6
(three databases kept with -keep, each API timed in one process with getrusage and pprof; a quiet moment, load
average 1.4): the commune comparison takes 11 ms of Go and 20 ms end to end at every size; a trend about 60 ms of
Go per request: scanning the driver's rows (14 ms, half of it decoding strings), looking figures up in a map per
commune and period (catalogue.Value and lookup.resolve, 13 ms, cache misses over 21,000 small maps), JSON (5 ms of
737 KB), GC about a tenth; its two statements run at once in about 30 ms. The completeness matrix (Hà Nội's communes of both
eras × 40 months, 2.7 MB of JSON) spends about 20 ms encoding (a time and a period code per cell through their
marshalers), 7 ms compressing into the response cache, and its one statement about 24 ms (a second GROUP BY in
ClickHouse doubled that; the versions are now folded into cells in Go). What is left is CPU on this 2-core machine
shared with other work, which is why the p95s below move with the load average. Next steps: figures in flat slices
per indicator instead of a map per commune and period; Hà Nội's 526 commune codes sent as the 4 code ranges they
form instead of a 526-literal IN (about 5 ms per statement on 18.16); period and indicator as small indexes rather
than strings per row; a leaner encoding of the completeness matrix (a cell per commune and month).

**4. Extraction** (profile: ` + "`" + `go run ./bench -extract -reports 3000 -cpuprofile` + "`" + `, after the extraction work merged into main; 6.5 MB/s
that run). Of extract.Extract's time, finding mentions takes 46% (a sixth of it in regexp backtracking), classifying
them 18%, preparing the text (newTextDoc: normalising, sections, word index) 16%, resolving figures 14%; GC about a
tenth of the process. Time grows linearly with the text (extract_scaling rows). Next step: the mention patterns
without backtracking regexps.

`
