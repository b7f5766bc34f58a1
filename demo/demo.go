// Package demo loads the demo district: huyện Bắc Sơn (185), tỉnh Lạng Sơn,
// its 18 communes from 2022-H1 to 2025-H1, the 6 communes they became on
// 1 July 2025 for 2025-H2 and 2026-H1, and the real seed report of xã Vạn
// Thủy for 2024-H1. Every figure is deterministic and goes through the same
// ingest path as a real submission, so loading twice changes nothing.
package demo

import (
	"context"
	_ "embed"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"time"

	"github.com/bdg-district/bdg/ingest"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
)

// District is the demo area: huyện Bắc Sơn.
const District = "185"

// SeedCommune and SeedPeriod place the real seed report.
const (
	SeedCommune = "06331" // xã Vạn Thủy
	SeedPeriod  = "2024-H1"
	// OutlierCommune reports far more listeners than the others in OutlierPeriod.
	OutlierCommune = "06349" // xã Hưng Vũ
	OutlierPeriod  = "2024-H2"
	// LateCommune sends its LatePeriod report weeks after the deadline.
	LateCommune = "06373" // xã Vũ Lễ
	LatePeriod  = "2024-H1"
)

//go:embed seed_van_thuy_2024H1.txt
var seedReport []byte

// SeedReport returns the real report of xã Vạn Thủy, 6 tháng đầu năm 2024.
func SeedReport() []byte { return append([]byte(nil), seedReport...) }

// Missing lists the (commune, period) reports that never came.
var Missing = map[[2]string]bool{
	{"06376", "2023-H2"}: true, // Nhất Hòa
	{"06382", "2024-H2"}: true, // Nhất Tiến
	{"06355", "2025-H1"}: true, // Vũ Sơn
	{"06376", "2026-H1"}: true, // Nhất Hoà (new commune)
}

// OldCommunes are huyện Bắc Sơn's 18 communes before 1 July 2025.
var OldCommunes = []string{"06325", "06328", "06331", "06337", "06340", "06343", "06349", "06352", "06355",
	"06358", "06361", "06364", "06367", "06370", "06373", "06376", "06379", "06382"}

// NewCommunes are the 6 communes they became, with their predecessors.
var NewCommunes = map[string][]string{
	"06325": {"06325", "06328", "06343"},
	"06337": {"06331", "06337", "06340"},
	"06349": {"06349", "06370"},
	"06367": {"06352", "06358", "06361", "06367"},
	"06364": {"06355", "06364", "06373"},
	"06376": {"06376", "06379", "06382"},
}

// OldPeriods and NewPeriods are the demo's half-years on each side of the reform.
var (
	OldPeriods = period.Range(period.MustParse("2022-H1"), period.MustParse("2025-H1"))
	NewPeriods = period.Range(period.MustParse("2025-H2"), period.MustParse("2026-H1"))
)

// Submitter is the ingest path the demo uses.
type Submitter interface {
	SubmitBatch(ctx context.Context, subs []ingest.Submission) ([]ingest.Result, error)
	Publish(ctx context.Context, id, by string, d ingest.Decision) (model.Report, error)
}

// FileSubmitter extracts and submits a narrative report.
type FileSubmitter interface {
	SubmitFile(ctx context.Context, f ingest.FileSubmission) (ingest.Result, error)
}

// Load loads the demo district. It is idempotent: the ingest path recognises
// content it already has.
func Load(ctx context.Context, sub Submitter, files FileSubmitter) (reports int, err error) {
	var subs []ingest.Submission
	for _, p := range OldPeriods {
		for i, c := range OldCommunes {
			if Missing[[2]string{c, p.String()}] || (c == SeedCommune && p.String() == SeedPeriod) {
				continue
			}
			subs = append(subs, submission(c, p, Values(c, p, 1, i)))
		}
	}
	for _, p := range NewPeriods {
		for _, c := range sortedKeys(NewCommunes) {
			if Missing[[2]string{c, p.String()}] {
				continue
			}
			subs = append(subs, submission(c, p, Values(c, p, len(NewCommunes[c]), 0)))
		}
	}
	if _, err := sub.SubmitBatch(ctx, subs); err != nil {
		return 0, fmt.Errorf("demo: %w", err)
	}
	res, err := files.SubmitFile(ctx, ingest.FileSubmission{Name: "000_adc9e7ce3e7bcf10.txt", Data: SeedReport(),
		Commune: SeedCommune, Period: SeedPeriod, By: "xa.vanthuy", At: time.Date(2024, 6, 27, 8, 30, 0, 0, time.UTC)})
	if err != nil {
		return len(subs), fmt.Errorf("demo: seed report: %w", err)
	}
	// The demo officer has read the seed's warnings (its figures are the
	// real report's).
	if _, err := sub.Publish(ctx, res.Report.ID, "demo.officer", ingest.Decision{Acknowledged: true}); err != nil {
		return len(subs), fmt.Errorf("demo: publish seed: %w", err)
	}
	return len(subs) + 1, nil
}

func submission(commune string, p period.Period, vals map[string]float64) ingest.Submission {
	var list []model.Value
	for _, code := range sortedKeys(vals) {
		list = append(list, model.Value{Indicator: code, Value: vals[code], Method: model.MethodImported, Confidence: 1})
	}
	return ingest.Submission{Commune: commune, Period: p, Values: list, SourceKind: "json",
		By: "demo", At: SubmittedAt(commune, p), Publish: true}
}

// SubmittedAt is when the demo says a report arrived: a few days either side
// of the period's end, except the one late report.
func SubmittedAt(commune string, p period.Period) time.Time {
	if commune == LateCommune && p.String() == LatePeriod {
		return p.End().AddDate(0, 1, 20).Add(9 * time.Hour)
	}
	d := int(h(commune, p.String(), "day")%20) - 10
	return p.End().AddDate(0, 0, d).Add(time.Duration(8+h(commune, p.String(), "hour")%9) * time.Hour)
}

// Values are the demo figures of one commune and period; scale is the
// number of old communes a unit stands for (a merged commune reports about
// as much as its predecessors together).
func Values(commune string, p period.Period, scale, _ int) map[string]float64 {
	r := func(what string, lo, hi int) float64 {
		return float64(lo + int(h(commune, p.String(), what)%uint64(hi-lo+1)))
	}
	stable := func(what string, lo, hi int) float64 { // per commune, changing once in 2024
		era := "before"
		if p.Year >= 2024 {
			era = "after"
		}
		return float64(lo + int(h(commune, era, what)%uint64(hi-lo+1)))
	}
	s := float64(scale)
	v := map[string]float64{}
	v["comm_sessions"] = s * r("sessions", 2, 7)
	v["listeners_reached"] = v["comm_sessions"] * 10 * r("listeners", 8, 25)
	if commune == OutlierCommune && p.String() == OutlierPeriod {
		v["listeners_reached"] = 9800
	}
	inc := 0.0
	switch x := h(commune, p.String(), "gbv") % 10; {
	case x < 6:
		inc = 0
	case x < 9:
		inc = 1
	default:
		inc = 2
	}
	v["gbv_incidents"] = inc * s
	if inc > 0 {
		v["gbv_victims_supported"] = inc * s
	}
	total := s * stable("staff", 1, 3)
	v["gender_staff_total"] = total
	v["gender_staff_female"] = min(total, s*stable("staff_f", 1, 2))
	v["cadre_total"] = s * stable("cadre", 18, 24)
	v["cadre_female"] = s * stable("cadre_f", 6, 11)
	if ts := r("training", 0, 2); ts > 0 {
		v["training_sessions"] = ts * s
		v["training_attendance"] = ts * s * r("trainees", 25, 45)
	}
	v["plans_issued"] = 1
	if p.Kind == period.Half && p.N == 2 {
		v["plans_issued"] = r("plans", 0, 1)
		teams := r("teams", 2, 5)
		v["contest_teams"] = teams * s
		v["contest_participants"] = teams * s * r("members", 8, 12)
	}
	v["decisions_issued"] = r("decisions", 0, 2)
	v["community_models"] = s * stable("models", 1, 3)
	return v
}

func h(parts ...string) uint64 {
	f := fnv.New64a()
	for _, p := range parts {
		f.Write([]byte(p))
		f.Write([]byte{0})
	}
	return f.Sum64()
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
