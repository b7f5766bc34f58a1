package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/summary"
)

func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "bdg report: soạn báo cáo tổng hợp (Word) của địa bàn cho một kỳ, từ số liệu đã công bố / write the area's report for a period as a Word document, from the published figures")
		fmt.Fprintln(stderr, "  bdg report --period 2024-H1 --out bao-cao.docx [--lang en] [--area district:185]")
		fs.PrintDefaults()
	}
	db := addDBFlags(fs)
	per := fs.String("period", "", "kỳ báo cáo, ví dụ 2024-H1, 2024 (mặc định: kỳ 6 tháng gần nhất) / period, e.g. 2024-H1, 2024 (default: the latest half-year)")
	out := fs.String("out", "", "tệp .docx sẽ ghi / the .docx file to write (required)")
	lang := fs.String("lang", "vi", "ngôn ngữ của báo cáo: vi hoặc en / the report's language: vi or en")
	office := fs.String("office", "", "dòng cơ quan ban hành, ví dụ \"PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\" / the issuing office line (default: PHÒNG VĂN HÓA - XÃ HỘI, or SỞ NỘI VỤ for a province)")
	deadlineFlag := fs.String("deadlines", env("BDG_DEADLINES", ""), "hạn nộp như bdg serve / report deadlines as for bdg serve [BDG_DEADLINES]")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if *out == "" || (*lang != "vi" && *lang != "en") || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	var p period.Period
	if *per != "" {
		var err error
		if p, err = period.Parse(*per); err != nil {
			fmt.Fprintln(stderr, "bdg report: --period:", err)
			return 2
		}
	}
	area, err := db.areaValue()
	if err != nil {
		fmt.Fprintln(stderr, "bdg report:", err)
		return 2
	}
	deadlines, err := analytics.ParseDeadlines(*deadlineFlag)
	if err != nil {
		fmt.Fprintln(stderr, "bdg report: --deadlines:", err)
		return 2
	}
	log := db.logger(stderr)
	a, err := db.open(ctx, log)
	if err != nil {
		fmt.Fprintln(stderr, "bdg report:", err)
		return 1
	}
	defer a.Close()
	an := analytics.New(a.store.Conn, a.store, analytics.Options{Area: area, DeadlineDays: deadlines, Logger: log})
	if p.IsZero() {
		latest, ok, err := an.LatestPeriod(ctx)
		if err != nil {
			fmt.Fprintln(stderr, "bdg report:", err)
			return 1
		}
		if !ok {
			fmt.Fprintln(stderr, "bdg report: chưa có báo cáo nào được công bố / no report has been published yet")
			return 1
		}
		p = latest
	}
	start := time.Now()
	b := summary.NewBuilder(an, summary.Options{Overrides: summary.PublishedOverrides{Store: a.store}, Logger: log})
	d, err := b.Build(ctx, p, "")
	if err != nil {
		fmt.Fprintln(stderr, "bdg report:", err)
		return 1
	}
	// Written beside the target and renamed, so a failed run never leaves half a document.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".bdg-report-*.docx")
	if err != nil {
		fmt.Fprintln(stderr, "bdg report:", err)
		return 1
	}
	defer os.Remove(tmp.Name())
	_ = tmp.Chmod(0o644) // a document to share, not a secret
	if err := summary.Render(tmp, d, *lang, summary.DefaultIssuer(d.Area, d.AreaName, *lang, *office)); err != nil {
		tmp.Close()
		fmt.Fprintln(stderr, "bdg report:", err)
		return 1
	}
	if err := tmp.Close(); err != nil {
		fmt.Fprintln(stderr, "bdg report:", err)
		return 1
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		fmt.Fprintln(stderr, "bdg report:", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s: %s, %s, %d xã/communes, %.1f s\n", *out, d.AreaName, p.Label(*lang), len(d.Communes), time.Since(start).Seconds())
	return 0
}
