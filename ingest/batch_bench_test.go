package ingest

import (
	"context"
	"testing"

	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/chtest"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
)

// BenchmarkSubmitBatch stores 2,000 communes' structured figures per call
// (one province's table import), 15 values each.
func BenchmarkSubmitBatch(b *testing.B) {
	st := chtest.New(b)
	svc := NewService(st, testNow, nil)
	ctx := context.Background()
	communes, err := st.CommunesByName(ctx, period.EraPre2025)
	if err != nil {
		b.Fatal(err)
	}
	communes = communes[:2000]
	var codes []string
	for _, ind := range catalogue.Default() {
		if ind.Unit != "%" {
			codes = append(codes, ind.Code)
		}
	}
	ps := period.Range(period.MustParse("2010-H1"), period.MustParse("2024-H2"))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := ps[i%len(ps)]
		subs := make([]Submission, 0, len(communes))
		for j, u := range communes {
			vals := make([]model.Value, 0, len(codes))
			// One figure for every indicator of a commune: a part then
			// never exceeds its whole, which publishing refuses.
			for _, c := range codes {
				vals = append(vals, model.Value{Indicator: c, Value: float64((i+j)%50 + 1), Method: model.MethodImported})
			}
			subs = append(subs, Submission{Commune: u.Code, Period: p, Values: vals, SourceKind: "csv", By: "bench", Publish: true})
		}
		if _, err := svc.SubmitBatch(ctx, subs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(communes)*len(codes))/b.Elapsed().Seconds(), "values/s")
}
