package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"text/tabwriter"

	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/ingest/extract"
)

// cmdExtract implements "bdg extract [--json] FILE...": it reads each report
// and prints what was extracted, one JSON array or a short table. It exits 1
// when a file could not be read, after printing every result.
func cmdExtract(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "in kết quả dạng JSON / print JSON")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Cách dùng / usage: bdg extract [--json] TỆP/FILE...

Đọc báo cáo bình đẳng giới của xã (.docx, .txt) và in các chỉ tiêu trích xuất
được kèm câu làm bằng chứng (với số liệu trong bảng: dòng, cột và ô, "source":
"table" và "cell" trong JSON). Với --json in một mảng JSON, mỗi tệp một đối tượng.
Mã thoát 1 nếu có tệp không đọc được.

Reads commune gender-equality reports (.docx, .txt) and prints the indicators
found, each with the sentence it came from (for a table figure: its row, column
and cell, "source": "table" and "cell" in JSON). With --json prints one JSON array,
one object per file. Exits 1 if any file could not be read.

`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	cat := catalogue.Default()
	results := make([]extract.Extraction, 0, fs.NArg())
	failed := false
	for _, name := range fs.Args() {
		if err := ctx.Err(); err != nil {
			fmt.Fprintln(stderr, "bdg extract:", err)
			return 1
		}
		data, err := os.ReadFile(name)
		var ex extract.Extraction
		if err != nil {
			ex = extract.Extraction{File: name, Indicators: []extract.Value{}, Conflicts: []extract.Conflict{}, Warnings: []string{},
				Error: "Không đọc được tệp / cannot read the file: " + err.Error()}
		} else {
			ex = extract.ExtractFile(name, data, cat)
			ex.File = name
		}
		if ex.Error != "" {
			failed = true
		}
		results = append(results, ex)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(results); err != nil {
			fmt.Fprintln(stderr, "bdg extract:", err)
			return 1
		}
	} else {
		printExtractTable(stdout, results)
	}
	if failed {
		return 1
	}
	return 0
}

func printExtractTable(w io.Writer, results []extract.Extraction) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, ex := range results {
		fmt.Fprintf(tw, "== %s\n", ex.File)
		if ex.Error != "" {
			fmt.Fprintf(tw, "   LỖI / ERROR: %s\n", ex.Error)
			continue
		}
		fmt.Fprintf(tw, "   %s %s\t%s\t%s\t%s\n", extractDeref(ex.UnitType), extractDeref(ex.Commune), extractDeref(ex.District), extractDeref(ex.Period), extractDeref(ex.Signer))
		for _, v := range ex.Indicators {
			fmt.Fprintf(tw, "   %s\t%s\t%s\t%.2f\t%s\n", v.Code, strconv.FormatFloat(v.Value, 'f', -1, 64), v.Unit, v.Confidence, cellNote(v.Cell))
		}
		for _, c := range ex.Conflicts {
			fmt.Fprintf(tw, "   %s\tXUNG ĐỘT / CONFLICT\t%d giá trị / values\n", c.Code, len(c.Candidates))
		}
		for _, warn := range ex.Warnings {
			fmt.Fprintf(tw, "   ! %s\n", warn)
		}
	}
	tw.Flush()
}

// cellNote says where a table value was read: "bảng 2, dòng 3, cột 8 (Cả năm 2025)".
func cellNote(c *extract.Cell) string {
	if c == nil {
		return ""
	}
	s := fmt.Sprintf("bảng/table %d, dòng/row %d, cột/column %d", c.Table, c.Row, c.Column)
	if c.Header != "" {
		s += " (" + c.Header + ")"
	}
	return s
}

func extractDeref(s *string) string {
	if s == nil {
		return "-"
	}
	return *s
}

var _ = cmdExtract
