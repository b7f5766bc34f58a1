package analytics

import (
	"testing"
	"time"

	"github.com/bdg-district/bdg/period"
)

func TestDeadlines(t *testing.T) {
	m, err := ParseDeadlines("half=20, year=30")
	if err != nil || m[period.Half] != 20 || m[period.Year] != 30 {
		t.Fatalf("parse = %v %v", m, err)
	}
	for _, bad := range []string{"half", "week=3", "half=-1", "year=x"} {
		if _, err := ParseDeadlines(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	s := New(nil, nil, Options{DeadlineDays: m})
	// 2024-H1 ends 30/06/2024: due by the end of 20/07/2024 in Vietnam (17:00 UTC).
	if got := s.Deadline(period.MustParse("2024-H1")); !got.Equal(time.Date(2024, 7, 20, 17, 0, 0, 0, time.UTC)) {
		t.Errorf("half deadline = %v", got)
	}
	// Quarters use the default 15 days.
	if got := s.Deadline(period.MustParse("2024-Q3")); !got.Equal(time.Date(2024, 10, 15, 17, 0, 0, 0, time.UTC)) {
		t.Errorf("quarter deadline = %v", got)
	}
}

func TestRobustZ(t *testing.T) {
	z, med, ok := robustZ(1000, []float64{90, 110, 120, 130, 140, 1000})
	if !ok || med != 125 || z < 39.3 || z > 39.4 {
		t.Errorf("z = %v, median %v", z, med)
	}
	if _, _, ok := robustZ(5, []float64{1, 1, 1, 1}); ok {
		t.Error("zero MAD gave a score")
	}
}
