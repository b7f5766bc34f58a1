package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bdg-district/bdg/auth"
	"github.com/bdg-district/bdg/chtest"
)

// TestTwoProcessesWriteOneCommunePeriod is the lost versions: two
// bdg processes, `bdg serve` taking 40 API submissions and `bdg ingest`
// loading 40 files, write versions of the same commune and period at the
// same time. Every acknowledged version is stored, under the number it was
// acknowledged with, and no number is given twice.
func TestTwoProcessesWriteOneCommunePeriod(t *testing.T) {
	chtest.Long(t, "builds bdg and runs bdg serve and bdg ingest as two processes")
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	cfg := chtest.Config(t)
	st := chtest.Open(t, cfg)
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "bdg")
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	db := []string{"--clickhouse", strings.Join(cfg.Addr, ","), "--clickhouse-database", cfg.Database, "--log-level", "error"}
	environ := append(os.Environ(), "BDG_CLICKHOUSE_PASSWORD="+cfg.Password) // not on the command line
	secret, _, err := auth.New(st.Conn, nil, auth.Options{}).CreateToken(ctx, auth.RoleOfficer, "", "test", "test")
	if err != nil {
		t.Fatal(err)
	}

	const n = 40
	files := filepath.Join(tmp, "files")
	if err := os.MkdirAll(files, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		text := fmt.Sprintf("ỦY BAN NHÂN DÂN\nXÃ VẠN THỦY\n\nBÁO CÁO\nKết quả thực hiện công tác bình đẳng giới 6 tháng đầu năm 2024\n\n"+
			"Ủy ban nhân dân xã Vạn Thủy, huyện Bắc Sơn, tỉnh Lạng Sơn báo cáo như sau:\n\n"+
			"Trong 6 tháng, xã tổ chức tuyên truyền được %d cuộc với %d lượt người nghe.\n", 2+i%7, 1000+i)
		if err := os.WriteFile(filepath.Join(files, fmt.Sprintf("%02d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Process 1: bdg serve.
	serve := exec.CommandContext(ctx, bin, append([]string{"serve", "--addr", "127.0.0.1:0", "--data", filepath.Join(tmp, "serve")}, db...)...)
	serve.Env = environ
	serveOut, err := serve.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var serveErr bytes.Buffer
	serve.Stderr = &serveErr
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = serve.Process.Signal(os.Interrupt)
		_ = serve.Wait()
	}()
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(serveOut)
		re := regexp.MustCompile(`http://(127\.0\.0\.1:\d+)/`)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				urls <- "http://" + m[1]
			}
		}
	}()
	var base string
	select {
	case base = <-urls:
	case <-time.After(90 * time.Second):
		t.Fatalf("bdg serve did not start: %s", serveErr.String())
	}

	// Process 2: bdg ingest, one file per write, while the API takes 40
	// submissions from four clients.
	ingest := exec.CommandContext(ctx, bin, append(append([]string{"ingest", "--chunk", "1", "--commune", "06331", "--period", "2024-H1",
		"--data", filepath.Join(tmp, "ingest")}, db...), files)...)
	ingest.Env = environ
	var ingestOut, ingestErr bytes.Buffer
	ingest.Stdout, ingest.Stderr = &ingestOut, &ingestErr
	if err := ingest.Start(); err != nil {
		t.Fatal(err)
	}
	type ack struct {
		ID      string `json:"id"`
		Version uint32 `json:"version"`
	}
	var mu sync.Mutex
	var acks []ack
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += 4 {
				body := fmt.Sprintf(`{"commune":"06331","period":"2024-H1","values":{"listeners_reached":%d}}`, 5000+i)
				req, _ := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/reports", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+secret)
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				var a ack
				if res.StatusCode != http.StatusCreated || json.Unmarshal(b, &a) != nil || a.ID == "" || a.Version == 0 {
					t.Errorf("submission %d = %d %s", i, res.StatusCode, b)
					continue
				}
				mu.Lock()
				acks = append(acks, a)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if err := ingest.Wait(); err != nil {
		t.Fatalf("bdg ingest: %v\n%s\n%s", err, tail(ingestOut.String(), 5), ingestErr.String())
	}
	if !strings.Contains(ingestOut.String(), fmt.Sprintf("%d files, 0 failed", n)) {
		t.Errorf("bdg ingest: %s", tail(ingestOut.String(), 3))
	}
	if len(acks) != n {
		t.Fatalf("%d of %d API submissions acknowledged", len(acks), n)
	}

	// Every version acknowledged is there, under its number; no number twice.
	rows, err := st.Conn.Query(ctx, `SELECT id, version FROM reports FINAL WHERE era = 'pre2025' AND commune_code = '06331' AND period = '2024-H1'`)
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]uint32{}
	byVersion := map[uint32]string{}
	for rows.Next() {
		var id string
		var v uint32
		if err := rows.Scan(&id, &v); err != nil {
			t.Fatal(err)
		}
		if other, taken := byVersion[v]; taken {
			t.Errorf("version %d is both %s and %s", v, other, id)
		}
		stored[id], byVersion[v] = v, id
	}
	rows.Close()
	for _, a := range acks {
		if v, ok := stored[a.ID]; !ok || v != a.Version {
			t.Errorf("acknowledged %s as version %d; stored: %v %d", a.ID, a.Version, ok, v)
		}
	}
	if len(stored) != 2*n {
		t.Errorf("%d versions stored, want %d (%d from the API, %d from the files)", len(stored), 2*n, n, n)
	}
	// (Numbers may skip: two writers that claim the same number at once
	// both move on, store.ClaimVersions, and leave it unused.)
	// The ingest run is in the audit log, with the versions it wrote.
	entries, err := auth.New(st.Conn, nil, auth.Options{}).Audit(ctx, auth.AuditFilter{Action: "report.ingest"})
	if err != nil || len(entries) != 1 || !strings.Contains(entries[0].Detail, fmt.Sprintf(`"stored":%d`, n)) || entries[0].Role != "cli" {
		t.Errorf("audit of bdg ingest = %+v, %v", entries, err)
	}
}
