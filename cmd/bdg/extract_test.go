package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// TestExtractJSONWord runs "bdg extract --json" on Word reports: one object
// per file in the existing schema, table values marked source "table" with
// their cell, and a prose-table disagreement in conflicts.
func TestExtractJSONWord(t *testing.T) {
	var out, errOut bytes.Buffer
	files := []string{
		"../../testdata/word/108_that_khe_2025_sapnhap_canam.docx",
		"../../testdata/word/107_tan_son_2024H2_venhau.docx",
		"../../testdata/reports/000_seed_van_thuy_2024H1.txt",
	}
	if code := run(context.Background(), append([]string{"extract", "--json"}, files...), &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	type cell struct {
		Table, Row, Column int
		RowLabel           string `json:"row_label"`
		Header, Text       string
		Start, End         int
	}
	type value struct {
		Code       string
		Value      float64
		Evidence   string
		Start, End int
		Source     string
		Cell       *cell
		Also       []struct{ Source, Evidence string }
	}
	var got []struct {
		File       string
		Commune    *string
		Period     *string
		Indicators []value
		Conflicts  []struct {
			Code       string
			Candidates []value
		}
		Warnings []string
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("not a JSON array of extractions: %v\n%s", err, out.String())
	}
	if len(got) != 3 {
		t.Fatalf("%d objects for 3 files", len(got))
	}
	byCode := func(vs []value, code string) *value {
		for i := range vs {
			if vs[i].Code == code {
				return &vs[i]
			}
		}
		return nil
	}
	// The merged commune's year report: the figure of the "Cả năm" column.
	v := byCode(got[0].Indicators, "comm_sessions")
	if v == nil || v.Value != 20 || v.Source != "table" || v.Cell == nil {
		t.Fatalf("108 comm_sessions = %+v, want 20 from the table", v)
	}
	if v.Cell.Text != "20" || !strings.Contains(v.Cell.Header, "Cả năm") || !strings.HasPrefix(v.Cell.RowLabel, "Số cuộc tuyên truyền") || v.Cell.Table < 1 || v.Cell.Row < 1 || v.Cell.Column < 1 {
		t.Errorf("108 cell = %+v", v.Cell)
	}
	if !strings.HasPrefix(v.Evidence, v.Cell.RowLabel) || !strings.HasSuffix(v.Evidence, v.Cell.Text) || v.Cell.Start < v.Start || v.Cell.End != v.End {
		t.Errorf("evidence %q (%d-%d) does not run from the row label to the cell %+v", v.Evidence, v.Start, v.End, v.Cell)
	}
	// Prose says 12 sessions, the table 14: a conflict with both; the
	// listeners agree: one value with both statements.
	var conflict bool
	for _, c := range got[1].Conflicts {
		if c.Code == "comm_sessions" && len(c.Candidates) == 2 {
			conflict = (c.Candidates[0].Source == "") != (c.Candidates[1].Source == "")
		}
	}
	if !conflict {
		t.Errorf("107: no prose-table conflict for comm_sessions: %+v", got[1].Conflicts)
	}
	if l := byCode(got[1].Indicators, "listeners_reached"); l == nil || l.Value != 980 || l.Source != "table" || len(l.Also) != 1 || l.Also[0].Source != "text" {
		t.Errorf("107 listeners = %+v, want 980 from the table with the sentence as more evidence", l)
	}
	// The text report keeps its schema: no table fields.
	if s := byCode(got[2].Indicators, "listeners_reached"); s == nil || s.Value != 1500 || s.Source != "" || s.Cell != nil {
		t.Errorf("seed listeners = %+v", s)
	}
	// The table print names the cell.
	out.Reset()
	if code := run(context.Background(), []string{"extract", files[0]}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "Cả năm 2025") {
		t.Errorf("table print (exit %d):\n%s", code, out.String())
	}
}
