package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/bdg-district/bdg/auth"
	"github.com/bdg-district/bdg/ingest"
	"github.com/bdg-district/bdg/store"
)

// ingestRow is one line of the summary table.
type ingestRow struct {
	file, commune, period, status string
	values, warnings              int
	err                           string
	id                            string // the report version stored or queued
}

func cmdIngest(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(stderr, `bdg ingest [tuỳ chọn] PATH...: nạp hàng loạt tệp báo cáo (.docx, .txt) và thư mục; in bảng tổng hợp;
thoát với mã khác 0 nếu có tệp lỗi. Khi ClickHouse ngắt, báo cáo được giữ trong hàng đợi trên đĩa và nạp lại
đúng một lần khi kết nối trở lại.
Load report files (.docx, .txt) and folders in bulk, print a summary table, exit non-zero if any file
failed. When ClickHouse goes away, reports wait in the on-disk spool and load exactly once when it is back.`)
		fs.PrintDefaults()
	}
	db := addDBFlags(fs)
	commune := fs.String("commune", "", "mã xã áp cho mọi tệp (tuỳ chọn) / commune code for every file (optional)")
	per := fs.String("period", "", "kỳ báo cáo áp cho mọi tệp (tuỳ chọn) / period for every file (optional)")
	publish := fs.Bool("publish", false, "công bố ngay / publish at once instead of leaving drafts")
	by := fs.String("by", env("USER", "bdg-ingest"), "người nạp / submitted by")
	chunk := fs.Int("chunk", 200, "số tệp mỗi lần ghi / files per database write")
	wait := fs.Duration("wait", 10*time.Minute, "chờ tối đa để nạp hàng đợi khi ClickHouse ngắt / how long to wait for the spool to drain")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	files, err := collectFiles(fs.Args())
	if err != nil {
		fmt.Fprintln(stderr, "bdg ingest:", err)
		return 1
	}
	log := db.logger(io.Discard)
	a, err := db.open(ctx, log)
	if err != nil {
		fmt.Fprintln(stderr, "bdg ingest:", err)
		return 1
	}
	defer a.Close()
	spool, err := ingest.OpenSpool(filepath.Join(db.data, "spool"))
	if err != nil {
		fmt.Fprintln(stderr, "bdg ingest:", err)
		return 1
	}
	svc := a.ingest().WithSpool(spool)
	// Whatever an earlier, interrupted run left in the spool goes first.
	if _, err := svc.Drain(ctx); err != nil && !store.Unavailable(err) {
		fmt.Fprintln(stderr, "bdg ingest: spool:", err)
	}

	bar := progressbar.NewOptions(len(files), progressbar.OptionSetWriter(stderr),
		progressbar.OptionSetDescription("nạp báo cáo / ingesting"), progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true), progressbar.OptionThrottle(200*time.Millisecond))
	rows := make([]ingestRow, len(files))
	// Files go in chunks: extracted in parallel, stored in a few large
	// inserts; a chunk that meets a dead database goes to the spool.
	for start := 0; start < len(files) && ctx.Err() == nil; start += *chunk {
		end := min(start+*chunk, len(files))
		ingestChunk(ctx, svc, files[start:end], rows[start:end], *commune, *per, *by, *publish)
		_ = bar.Add(end - start)
	}
	_ = bar.Finish()
	fmt.Fprintln(stderr)

	pending := spool.Pending()
	if pending > 0 {
		fmt.Fprintf(stderr, "ClickHouse không truy cập được: %d báo cáo đang chờ trong hàng đợi, đang thử lại / ClickHouse unreachable: %d reports spooled, retrying\n", pending, pending)
		deadline := time.Now().Add(*wait)
		for spool.Pending() > 0 && time.Now().Before(deadline) && ctx.Err() == nil {
			if _, err := svc.Drain(ctx); err != nil && !store.Unavailable(err) {
				fmt.Fprintln(stderr, "bdg ingest: spool:", err)
			}
			if spool.Pending() > 0 {
				time.Sleep(time.Second)
			}
		}
	}
	failed := printSummary(stdout, rows)
	auditIngest(ctx, a, stderr, rows, *commune, *per, *by, *publish)
	if left := spool.Pending(); left > 0 {
		fmt.Fprintf(stderr, "bdg ingest: %d báo cáo vẫn nằm an toàn trong hàng đợi %s và sẽ được nạp ở lần chạy sau / %d reports are safe in the spool and will load on the next run or by bdg serve\n",
			left, spool.Dir(), left)
		return 1
	}
	if failed > 0 {
		return 1
	}
	return 0
}

func ingestChunk(ctx context.Context, svc *ingest.Service, paths []string, rows []ingestRow, commune, per, by string, publish bool) {
	subs := make([]ingest.FileSubmission, 0, len(paths))
	idx := make([]int, 0, len(paths))
	for i, path := range paths {
		rows[i].file = path
		data, err := os.ReadFile(path)
		if err != nil {
			rows[i].status, rows[i].err = "lỗi/error", err.Error()
			continue
		}
		subs = append(subs, ingest.FileSubmission{ID: ingest.NewID(), Name: path, Data: data, Commune: commune, Period: per, By: by, Publish: publish})
		idx = append(idx, i)
	}
	results, errs, err := svc.SubmitFiles(ctx, subs)
	if err != nil {
		// The database failed: every file of the chunk waits in the spool
		// (with its id, so a partial write is completed, not duplicated).
		for j, f := range subs {
			row := &rows[idx[j]]
			res, queued, qerr := svc.SubmitFileOrQueue(ctx, f)
			fill(row, res, queued, qerr)
		}
		return
	}
	for j := range subs {
		fill(&rows[idx[j]], results[j], false, errs[j])
	}
}

func fill(row *ingestRow, res ingest.Result, queued bool, err error) {
	if err != nil {
		row.status, row.err = "lỗi/error", err.Error()
		return
	}
	row.commune, row.status, row.id = res.Report.Commune, res.Report.Status, res.Report.ID
	if !res.Report.Period.IsZero() {
		row.period = res.Report.Period.String()
	}
	if res.Extraction != nil {
		row.values, row.warnings = len(res.Extraction.Indicators), len(res.Extraction.Warnings)
		if row.commune == "" && res.Extraction.Commune != nil {
			row.commune = *res.Extraction.Commune
		}
		if row.period == "" && res.Extraction.Period != nil {
			row.period = *res.Extraction.Period
		}
	}
	switch {
	case queued:
		row.status = "chờ/queued"
	case res.Duplicate:
		row.status += " (trùng/duplicate)"
	}
}

// maxAuditIDs bounds the report ids one ingest's audit entry lists.
const maxAuditIDs = 1000

// auditIngest writes the run's audit entry: who ran it, with which
// options, how many files were stored, queued and refused, and the ids of
// the versions written (the first thousand).
func auditIngest(ctx context.Context, a *appEnv, stderr io.Writer, rows []ingestRow, commune, per, by string, publish bool) {
	var ids []string
	stored, queued, failed := 0, 0, 0
	for _, r := range rows {
		switch {
		case r.err != "":
			failed++
		case r.status == "chờ/queued":
			queued++
		default:
			stored++
		}
		if r.id != "" && len(ids) < maxAuditIDs {
			ids = append(ids, r.id)
		}
	}
	var err error
	if failed > 0 {
		err = &auth.InputError{Reason: fmt.Sprintf("%d files refused", failed)}
	}
	e := auth.CommandEntry(osUser(), "bdg ingest", "report.ingest", "", err)
	e.Detail = auth.JSON(map[string]any{"files": len(rows), "stored": stored, "queued": queued, "failed": failed,
		"publish": publish, "submitted_by": by, "commune": commune, "period": per, "reports": ids})
	recordCommand(ctx, auth.New(a.store.Conn, nil, auth.Options{Logger: a.log}), stderr, e, nil, nil)
}

func printSummary(w io.Writer, rows []ingestRow) (failed int) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TỆP/FILE\tXÃ/COMMUNE\tKỲ/PERIOD\tCHỈ TIÊU/VALUES\tCẢNH BÁO/WARNINGS\tTRẠNG THÁI/STATUS\tLỖI/ERROR")
	for _, r := range rows {
		if r.err != "" {
			failed++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\t%s\n", r.file, r.commune, r.period, r.values, r.warnings, r.status, r.err)
	}
	tw.Flush()
	fmt.Fprintf(w, "%d tệp, %d lỗi / %d files, %d failed\n", len(rows), failed, len(rows), failed)
	return failed
}

// collectFiles expands folders into the report files they hold (hidden files
// skipped), in name order.
func collectFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if strings.HasPrefix(name, ".") && path != p {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() && d.Type().IsRegular() {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}
