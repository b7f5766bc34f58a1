package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bdg-district/bdg/chtest"
	"github.com/bdg-district/bdg/deploy"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/store"
)

// writeReports writes n narrative reports of xã of tỉnh Lạng Sơn (code 20)
// for half-years 2022-H1 onward, each stating its own figures.
func writeReports(t *testing.T, dir string, n int) {
	t.Helper()
	f, err := os.Open("../../units/data/units-pre2025.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	districts := map[string]string{}
	for _, r := range rows {
		if r[0] == "district" && r[4] == "20" {
			districts[r[1]] = r[2]
		}
	}
	type commune struct{ name, district string }
	var communes []commune
	for _, r := range rows {
		if r[0] == "commune" && r[3] == "xã" && districts[r[4]] != "" {
			communes = append(communes, commune{r[2], districts[r[4]]})
		}
	}
	periods := period.Range(period.MustParse("2022-H1"), period.MustParse("2024-H2"))
	for i := 0; i < n; i++ {
		c, p := communes[i%len(communes)], periods[i/len(communes)]
		half := "đầu"
		if p.N == 2 {
			half = "cuối"
		}
		text := fmt.Sprintf(`ỦY BAN NHÂN DÂN
XÃ %s
Số: %d/BC-UBND
%s, ngày 25 tháng 6 năm %d

BÁO CÁO
Kết quả thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ 6 tháng %s năm %d

Ủy ban nhân dân xã %s, huyện %s, tỉnh Lạng Sơn báo cáo kết quả như sau:

Trong 6 tháng, xã tổ chức tuyên truyền được %02d cuộc với %d lượt người nghe.

CHỦ TỊCH
Nguyễn Văn An
`, strings.ToUpper(c.name), i+1, c.name, p.Year, half, p.Year, c.name, c.district, 2+i%7, 100+i)
		name := filepath.Join(dir, fmt.Sprintf("%04d.txt", i))
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestIngestSurvivesClickHouseRestart stops ClickHouse in the middle of
// `bdg ingest` of 1,000 reports and starts it again: none is lost and none
// is duplicated.
func TestIngestSurvivesClickHouseRestart(t *testing.T) {
	chtest.Long(t, "ingests 1,000 reports through a ClickHouse restart")
	ctx := context.Background()
	tmp := t.TempDir()
	reports := filepath.Join(tmp, "reports")
	os.MkdirAll(reports, 0o755)
	const n = 1000
	writeReports(t, reports, n)
	local, err := deploy.Start(ctx, filepath.Join(tmp, "ch"), deploy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = local.Kill() }()
	var stdout, stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"ingest", "--clickhouse", local.Addr(), "--clickhouse-password", local.Password.Reveal(), "--clickhouse-database", "bulk",
			"--data", filepath.Join(tmp, "var"), "--wait", "5m", reports}, &stdout, &stderr)
	}()
	count := func() (total, ids, pairs, maxVersion uint64, err error) {
		st, err := store.Open(ctx, store.Config{Addr: []string{local.Addr()}, Password: local.Password.Reveal(), Database: "bulk"}, slog.New(slog.DiscardHandler), time.Second)
		if err != nil {
			return 0, 0, 0, 0, err
		}
		defer st.Close()
		var mv uint32
		err = st.Conn.QueryRow(ctx, `SELECT count(), uniqExact(id), uniqExact(commune_code, period), max(version) FROM reports FINAL`).
			Scan(&total, &ids, &pairs, &mv)
		return total, ids, pairs, uint64(mv), err
	}
	// Wait until a good part is in, then pull the plug.
	for deadline := time.Now().Add(3 * time.Minute); ; time.Sleep(100 * time.Millisecond) {
		if total, _, _, _, err := count(); err == nil && total >= 150 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("ingest did not get going: %s", stderr.String())
		}
	}
	if err := local.Kill(); err != nil {
		t.Fatal(err)
	}
	// Restart once the ingest has met the dead server: some files are in
	// the spool (or, on a fast machine, the ingest already ended).
	spool := filepath.Join(tmp, "var", "spool")
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if queued, _ := filepath.Glob(filepath.Join(spool, "*.json")); len(queued) > 0 || len(done) > 0 {
			break
		}
	}
	again, err := deploy.Start(ctx, filepath.Join(tmp, "ch"), deploy.Options{TCPPort: local.TCPPort, HTTPPort: local.HTTPPort})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Kill()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("bdg ingest exit %d\nstdout errors: %s", code, failedRows(stdout.String()))
		}
	case <-time.After(6 * time.Minute):
		t.Fatal("bdg ingest did not finish")
	}
	total, ids, pairs, maxVersion, err := count()
	if err != nil {
		t.Fatal(err)
	}
	if total != n || ids != n || pairs != n || maxVersion != 1 {
		t.Errorf("after restart: %d report rows, %d ids, %d commune-periods, max version %d; want %d, %d, %d, 1",
			total, ids, pairs, maxVersion, n, n, n)
	}
	if !strings.Contains(stdout.String(), fmt.Sprintf("%d files, 0 failed", n)) {
		t.Errorf("summary: %s", tail(stdout.String(), 3))
	}
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func failedRows(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, "lỗi/error") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
