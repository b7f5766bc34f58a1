package analytics_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"reflect"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/chtest"
	"github.com/bdg-district/bdg/ingest"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/store"
	"github.com/bdg-district/bdg/synth"
	"github.com/bdg-district/bdg/units"
)

// TestTwoShardClusterGivesSameAnswers loads the same subset of the national
// synthetic data (two provinces, both eras, structured and narrative reports,
// corrections, drafts, late and missing reports) into one server and into a
// cluster of two shards, and checks that every analytics answer is the same.
func TestTwoShardClusterGivesSameAnswers(t *testing.T) {
	chtest.Long(t, "starts a two-shard cluster")
	ctx := context.Background()
	clusterCfg := chtest.StartCluster(t, 2)
	cluster, err := store.Open(ctx, clusterCfg, slog.New(slog.DiscardHandler), 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer cluster.Close()
	for i := 0; i < 2; i++ { // migrations stay idempotent on a cluster
		if _, err := cluster.Migrate(ctx); err != nil {
			t.Fatalf("cluster migrate (run %d): %v", i+1, err)
		}
	}
	single := chtest.New(t)

	data := clusterSubset(t)
	for _, st := range []*store.Store{single, cluster} {
		load(t, st, data)
	}

	// The rows really are spread over both shards, and nothing is doubled.
	var total uint64
	if err := cluster.Conn.QueryRow(ctx, "SELECT count() FROM indicator_values").Scan(&total); err != nil {
		t.Fatal(err)
	}
	var shardSum uint64
	for _, addr := range clusterCfg.Addr {
		conn, err := clickhouse.Open(&clickhouse.Options{Addr: []string{addr}, Auth: clickhouse.Auth{Database: clusterCfg.Database, Password: clusterCfg.Password}})
		if err != nil {
			t.Fatal(err)
		}
		var n uint64
		if err := conn.QueryRow(ctx, "SELECT count() FROM indicator_values"+store.LocalSuffix).Scan(&n); err != nil {
			t.Fatalf("shard %s: %v", addr, err)
		}
		conn.Close()
		if n == 0 || n == total {
			t.Errorf("shard %s holds %d of %d values; want a share of them", addr, n, total)
		}
		shardSum += n
	}
	var singleTotal uint64
	if err := single.Conn.QueryRow(ctx, "SELECT count() FROM indicator_values").Scan(&singleTotal); err != nil {
		t.Fatal(err)
	}
	if shardSum != total || total != singleTotal || total < 40000 {
		t.Errorf("values: shards %d, cluster %d, single server %d; want equal and at least 40000", shardSum, total, singleTotal)
	}

	sameAnswers(t, answersOf(t, single, data), answersOf(t, cluster, data), "single", "cluster")
}

// TestUpgradeGivesSameAnswers: an install at schema version 13 (before the
// by-period copies of migration 14) that holds data, once upgraded, answers
// exactly as an install that had the copies from the start.
func TestUpgradeGivesSameAnswers(t *testing.T) {
	chtest.Long(t, "loads two provinces twice")
	ctx := context.Background()
	fresh := chtest.New(t)
	old := chtest.Open(t, chtest.Config(t))
	// Back to version 13: no by-period tables, no views filling them, no
	// record of the steps after 13.
	for _, q := range []string{"DROP TABLE values_by_period_mv", "DROP TABLE values_by_period",
		"DROP TABLE reports_by_period_mv", "DROP TABLE reports_by_period",
		"DROP TABLE published_periods_mv", "DROP TABLE published_periods",
		"ALTER TABLE schema_migrations DELETE WHERE version > 13"} {
		if err := old.Conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if v, err := old.SchemaVersion(ctx); err != nil || v == 13 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the schema_migrations delete did not finish")
		}
	}
	data := clusterSubset(t)
	for _, st := range []*store.Store{fresh, old} {
		load(t, st, data)
	}
	if v, err := old.Migrate(ctx); err != nil || v != 16 {
		t.Fatalf("upgrade: version %d, %v; want 16", v, err)
	}
	sameAnswers(t, answersOf(t, fresh, data), answersOf(t, old, data), "fresh", "upgraded")
}

// answersOf asks st every analytics question about the subset's province.
func answersOf(t *testing.T, st *store.Store, data subset) map[string]any {
	t.Helper()
	ctx := context.Background()
	an := analytics.New(st.Conn, st, analytics.Options{Area: analytics.Area{Level: "province", Code: data.province}, Now: fixedNow})
	out := map[string]any{}
	add := func(name string, v any, err error) {
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = v
	}
	ps, err := an.Periods(ctx)
	add("periods", ps, err)
	for _, p := range ps {
		for _, ind := range []string{"listeners_reached", "gbv_incidents", "female_staff_ratio"} {
			v, err := an.CompareCommunes(ctx, analytics.CommuneFilter{Period: p, Indicator: ind})
			add("compare "+p.String()+" "+ind, v, err)
		}
		v, err := an.Overview(ctx, p)
		add("overview "+p.String(), v, err)
		q, err := an.QualityFlags(ctx, analytics.QualityFilter{Period: p})
		add("quality "+p.String(), q, err)
	}
	cp, err := an.ComparePeriods(ctx, analytics.PeriodFilter{Indicator: "listeners_reached"})
	add("periods listeners", cp, err)
	tr, err := an.Trends(ctx, analytics.TrendFilter{Indicator: "training_attendance"})
	add("trends", tr, err)
	cm, err := an.Completeness(ctx, analytics.CompletenessFilter{})
	add("completeness", cm, err)
	for _, c := range data.profiles {
		pr, err := an.Profile(ctx, analytics.ProfileFilter{Code: c.Code, Era: c.Era})
		add("profile "+c.Code, pr, err)
	}
	rs, err := an.Reports(ctx, analytics.ReportFilter{})
	add("reports", rs, err)
	for _, r := range rs {
		if r.FileName != "" && r.Status == "published" {
			text, ok, err := an.Report(ctx, r.ID)
			if !ok {
				err = fmt.Errorf("report %s not found", r.ID)
			}
			add(fmt.Sprintf("report text %s %s v%d", r.Commune, r.Period, r.Version), text, err)
		}
	}
	return out
}

// sameAnswers checks that two stores gave the same answers, and that they
// are enough, and full enough, to mean something.
func sameAnswers(t *testing.T, want, got map[string]any, wantName, gotName string) {
	t.Helper()
	if len(want) < 20 {
		t.Fatalf("only %d answers compared", len(want))
	}
	var nonEmpty int
	for name, w := range want {
		a, b := comparable(t, w), comparable(t, got[name])
		if !reflect.DeepEqual(a, b) {
			ja, _ := json.Marshal(a)
			jb, _ := json.Marshal(b)
			t.Errorf("%s differs:\n %s: %.600s\n %s: %.600s", name, wantName, ja, gotName, jb)
		}
		if j, _ := json.Marshal(a); len(j) > 200 {
			nonEmpty++
		}
	}
	if nonEmpty < len(want)/2 {
		t.Errorf("only %d of %d answers have content; the subset is too thin to compare", nonEmpty, len(want))
	}
}

// comparable is v as generic JSON without report ids, which are random per
// load (the rest of a version, commune, period and number, identifies it).
func comparable(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	var strip func(any)
	strip = func(x any) {
		switch x := x.(type) {
		case map[string]any:
			delete(x, "id")
			delete(x, "report_id")
			for _, y := range x {
				strip(y)
			}
		case []any:
			for _, y := range x {
				strip(y)
			}
		}
	}
	strip(out)
	return out
}

type subset struct {
	province   string
	structured []ingest.Submission
	files      []ingest.FileSubmission
	profiles   []units.Unit
}

// clusterSubset takes Lạng Sơn (20) and Bắc Kạn (06) from the national data
// set: every commune of both eras, nine half-years before the reform and two
// after, with every 11th commune missing in 2024-H2 and every 7th late.
func clusterSubset(t *testing.T) subset {
	t.Helper()
	all, err := units.Load()
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]units.Unit{}
	for _, u := range all {
		if u.Level != "commune" {
			byCode[string(u.Era)+u.Code] = u
		}
	}
	province := func(u units.Unit) string {
		p := byCode[string(u.Era)+u.ParentCode]
		if p.Level == "district" {
			p = byCode[string(u.Era)+p.ParentCode]
		}
		return p.Code
	}
	s := subset{province: "20"}
	var old, now []units.Unit
	for _, u := range all {
		if p := province(u); u.Level == "commune" && (p == "20" || p == "06") {
			if u.Era == period.EraPre2025 {
				old = append(old, u)
			} else {
				now = append(now, u)
			}
			if p == s.province && len(s.profiles) < 6 && len(s.profiles)%2 == map[bool]int{true: 0, false: 1}[u.Era == period.EraPre2025] {
				s.profiles = append(s.profiles, u)
			}
		}
	}
	var codes []string
	for _, ind := range catalogue.Default() {
		if ind.Numerator == "" {
			codes = append(codes, ind.Code)
		}
	}
	pre := period.Range(period.MustParse("2021-H1"), period.MustParse("2025-H1"))
	post := []period.Period{period.MustParse("2025-H2"), period.MustParse("2026-H1")}
	for i, sub := range append(synth.Structured(old, pre, codes), synth.Structured(now, post, codes)...) {
		if sub.Period.String() == "2024-H2" && i%11 == 0 {
			continue
		}
		if i%7 == 0 {
			sub.At = sub.At.AddDate(0, 2, 0)
		}
		s.structured = append(s.structured, sub)
	}
	parents := map[string]units.Unit{}
	for k, u := range byCode {
		if u.Era == period.EraPre2025 {
			parents[k[len(period.EraPre2025):]] = u
		}
	}
	for i, text := range synth.Narratives(old, parents, 24) {
		s.files = append(s.files, ingest.FileSubmission{Name: fmt.Sprintf("bc-%02d.txt", i), Data: []byte(text),
			Period: "2024-H1", By: "t", At: time.Date(2024, 7, 10, 8, i, 0, 0, time.UTC), Publish: i%2 == 0})
	}
	return s
}

// load stores the subset through the ingest service, as bdg would, twice
// (the second time changes nothing), then corrects one narrative report and
// publishes the correction.
func load(t *testing.T, st *store.Store, s subset) {
	t.Helper()
	ctx := context.Background()
	svc := ingest.NewService(st, fixedNow, slog.New(slog.DiscardHandler))
	var before uint64
	for round := 0; round < 2; round++ {
		for i := 0; i < len(s.structured); i += 1000 {
			res, err := svc.SubmitBatch(ctx, s.structured[i:min(i+1000, len(s.structured))])
			if err != nil {
				t.Fatalf("submit batch: %v", err)
			}
			for _, r := range res {
				if r.Duplicate != (round == 1) {
					t.Fatalf("round %d: %s %s duplicate = %v", round+1, r.Report.Commune, r.Report.Period, r.Duplicate)
				}
			}
		}
		_, errs, err := svc.SubmitFiles(ctx, s.files)
		if err != nil {
			t.Fatal(err)
		}
		for i, e := range errs {
			if e != nil {
				t.Fatalf("%s: %v", s.files[i].Name, e)
			}
		}
		var n uint64
		if err := st.Conn.QueryRow(ctx, "SELECT count() FROM reports").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if round == 1 && n != before {
			t.Fatalf("resubmitting everything changed the report rows from %d to %d", before, n)
		}
		before = n
	}
	rs, err := st.Reports(ctx, model.ReportFilter{Period: "2024-H1", Status: model.StatusDraft})
	if err != nil || len(rs) == 0 {
		t.Fatalf("drafts of 2024-H1: %d, %v", len(rs), err)
	}
	var draft model.Report
	for _, r := range rs {
		if r.FileName != "" && (draft.ID == "" || r.Commune < draft.Commune) {
			draft = r
		}
	}
	res, err := svc.Correct(ctx, draft.ID, ingest.Correction{Values: map[string]float64{"listeners_reached": 4321}, Note: "typo", By: "officer"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Publish(ctx, res.Report.ID, "officer", ingest.Decision{Acknowledged: true}); err != nil {
		t.Fatal(err)
	}
}
