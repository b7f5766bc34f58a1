package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/bdg-district/bdg/chtest"
	"github.com/bdg-district/bdg/period"
)

// An install that stored the source's names before the one spelling
// existed shows the corrected names: they are spelt when read.
func TestStoredUnitNamesAreShownInOneSpelling(t *testing.T) {
	s := chtest.New(t)
	ctx := context.Background()
	// loaded_at later than the loaded lists, so these rows win. Inserts go
	// through batches: Exec of INSERT … VALUES hangs on 18.16.
	at := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	ub, err := s.Conn.PrepareBatch(ctx, "INSERT INTO units (era, level, code, name, type, parent_code, valid_from, valid_to, loaded_at)")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range [][]string{{"pre2025", "06337", "Đồng ý", "185"}, {"2025", "06376", "Nhất Hoà", "20"}} {
		if err := ub.Append(u[0], "commune", u[1], u[2], "xã", u[3], at, at, at); err != nil {
			t.Fatal(err)
		}
	}
	if err := ub.Send(); err != nil {
		t.Fatal(err)
	}
	lb, err := s.Conn.PrepareBatch(ctx, "INSERT INTO unit_lineage (old_code, old_name, new_code, new_name, kind, loaded_at)")
	if err != nil {
		t.Fatal(err)
	}
	if err := lb.Append("06337", "Xã Đồng ý", "06337", "Xã Tân Tri", "whole", at); err != nil {
		t.Fatal(err)
	}
	if err := lb.Send(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		era  period.Era
		code string
		want string
	}{{period.EraPre2025, "06337", "Đồng Ý"}, {period.Era2025, "06376", "Nhất Hòa"}} {
		u, ok, err := s.Unit(ctx, c.era, "commune", c.code)
		if err != nil || !ok {
			t.Fatalf("unit %s: %v %v", c.code, ok, err)
		}
		if u.Name != c.want {
			t.Errorf("%s %s = %q, want %q", c.era, c.code, u.Name, c.want)
		}
	}
	links, err := s.Lineage(ctx, []string{"06337"}, nil)
	if err != nil || len(links) == 0 {
		t.Fatalf("lineage: %v %v", links, err)
	}
	if links[0].OldName != "Xã Đồng Ý" {
		t.Errorf("lineage old name %q, want Xã Đồng Ý", links[0].OldName)
	}
}
