package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/bdg-district/bdg/chtest"
	"github.com/bdg-district/bdg/demo"
	"github.com/bdg-district/bdg/ingest"
)

func TestLoadTwice(t *testing.T) {
	ctx := context.Background()
	st := chtest.New(t)
	svc := ingest.NewService(st, func() time.Time { return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) }, nil)
	n1, err := demo.Load(ctx, svc, svc)
	if err != nil {
		t.Fatal(err)
	}
	n2, err := demo.Load(ctx, svc, svc)
	if err != nil {
		t.Fatal(err)
	}
	// 18 communes × 7 half-years − 3 missing, 6 × 2 − 1 missing: 134 reports,
	// the seed among them.
	if n1 != 134 || n2 != 134 {
		t.Fatalf("loaded %d then %d reports, want 134 both times", n1, n2)
	}
	rows, err := st.Conn.Query(ctx, `SELECT period, count(), uniqExact(commune_code), sum(version = 1), countIf(status = 'published')
		FROM reports FINAL GROUP BY period ORDER BY period`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	want := map[string]uint64{"2022-H1": 18, "2022-H2": 18, "2023-H1": 18, "2023-H2": 17, "2024-H1": 18,
		"2024-H2": 17, "2025-H1": 17, "2025-H2": 6, "2026-H1": 5}
	seen := 0
	for rows.Next() {
		var p string
		var n, communes, v1, published uint64
		if err := rows.Scan(&p, &n, &communes, &v1, &published); err != nil {
			t.Fatal(err)
		}
		seen++
		if n != want[p] || communes != want[p] || v1 != want[p] || published != want[p] {
			t.Errorf("%s: %d reports, %d communes, %d first versions, %d published; want %d of each (no duplicates on reload)",
				p, n, communes, v1, published, want[p])
		}
	}
	if seen != len(want) {
		t.Errorf("saw %d periods, want %d", seen, len(want))
	}
	// Values per report: the seed has exactly its 9 stated indicators.
	var seedVals uint64
	if err := st.Conn.QueryRow(ctx, `SELECT count() FROM indicator_values FINAL
		WHERE era = 'pre2025' AND commune_code = ? AND period = ?`, demo.SeedCommune, demo.SeedPeriod).Scan(&seedVals); err != nil {
		t.Fatal(err)
	}
	if seedVals != 9 {
		t.Errorf("seed report values = %d, want 9", seedVals)
	}
	var listeners float64
	if err := st.Conn.QueryRow(ctx, `SELECT value FROM indicator_values FINAL WHERE commune_code = ? AND period = ?
		AND indicator = 'listeners_reached'`, demo.SeedCommune, demo.SeedPeriod).Scan(&listeners); err != nil {
		t.Fatal(err)
	}
	if listeners != 1500 {
		t.Errorf("seed listeners_reached = %v, want 1500", listeners)
	}
	// Every other report carries the full set of the demo's figures.
	var minVals, maxVals uint64
	if err := st.Conn.QueryRow(ctx, `SELECT min(n), max(n) FROM (SELECT commune_code, period, count() AS n
		FROM indicator_values FINAL WHERE NOT (commune_code = ? AND period = ?) GROUP BY commune_code, period)`,
		demo.SeedCommune, demo.SeedPeriod).Scan(&minVals, &maxVals); err != nil {
		t.Fatal(err)
	}
	if minVals < 10 || maxVals > 15 {
		t.Errorf("values per demo report between %d and %d, want 10..15 (every non-ratio indicator at most)", minVals, maxVals)
	}
}
