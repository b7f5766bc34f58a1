package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
)

// TestContentHashBytes: the hand-written hash input must stay exactly
// encoding/json's, or every structured report stored before would stop
// being recognised when it is sent again.
func TestContentHashBytes(t *testing.T) {
	viaJSON := func(sub Submission) string {
		type kv struct {
			C string  `json:"c"`
			V float64 `json:"v"`
		}
		vals := []kv{}
		for _, v := range sub.Values {
			vals = append(vals, kv{v.Indicator, v.Value})
		}
		sort.Slice(vals, func(i, j int) bool { return vals[i].C < vals[j].C })
		b, _ := json.Marshal(struct {
			Commune string `json:"commune"`
			Period  string `json:"period"`
			Kind    string `json:"kind"`
			Values  []kv   `json:"values"`
		}{sub.Commune, sub.Period.String(), sub.SourceKind, vals})
		h := sha256.Sum256(b)
		return hex.EncodeToString(h[:])
	}
	r := rand.New(rand.NewPCG(1, 2))
	values := []float64{0, 1, 1500, 0.5, 12.75, 99.99, 1e-7, 1e21, 123456789012, 1e9, 3e-6, 2.5e22, 100}
	for i := 0; i < 2000; i++ {
		values = append(values, r.Float64()*float64(r.IntN(1e9)), float64(r.IntN(100000)))
	}
	subs := []Submission{
		{Commune: "06331", Period: period.MustParse("2024-H1"), SourceKind: "csv"},
		{Commune: `<x>"&\`, Period: period.MustParse("2024"), SourceKind: "json\u2028é"},
	}
	for i := 0; i < len(values); i += 7 {
		var vals []model.Value
		for j, v := range values[i:min(i+7, len(values))] {
			vals = append(vals, model.Value{Indicator: []string{"listeners_reached", "comm_sessions", "gbv_incidents", "a<b", "z"}[j%5], Value: v})
		}
		subs = append(subs, Submission{Commune: "06337", Period: period.MustParse("2025-H2"), SourceKind: "xlsx", Values: vals})
	}
	for _, sub := range subs {
		if got, want := contentHash(sub), viaJSON(sub); got != want {
			t.Fatalf("hash of %+v differs from encoding/json's", sub)
		}
	}
}
