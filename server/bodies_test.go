package server_test

import (
	"bytes"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bdg-district/bdg/chtest"
)

// zeros reads n bytes of "0" without holding them.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	if z.n <= 0 {
		return 0, io.EOF
	}
	k := min(int64(len(p)), z.n)
	for i := range p[:k] {
		p[i] = '0'
	}
	z.n -= k
	return int(k), nil
}

// hugeMultipart is a multipart body with a name field and a file part of n
// bytes, streamed.
func hugeMultipart(n int64) (io.Reader, string) {
	var head bytes.Buffer
	w := multipart.NewWriter(&head)
	_ = w.WriteField("name", "admin")
	_, _ = w.CreateFormFile("file", "big.bin")
	tail := "\r\n--" + w.Boundary() + "--\r\n"
	return io.MultiReader(bytes.NewReader(head.Bytes()), &zeros{n}, strings.NewReader(tail)), w.FormDataContentType()
}

// dirSize is the bytes of the files under dir.
func dirSize(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// TestBodiesBoundedByRoute is the anonymous disk filling: a
// multipart login with a 2 GB part. Every body is bounded by its route
// before anything parses it: the login is refused at once with a 413 that
// names the limit, and nothing large reaches the temporary folder; a form
// or JSON body over 256 KB is refused on any route that is not an upload;
// an upload may be as large as an upload (10 MB), no larger.
func TestBodiesBoundedByRoute(t *testing.T) {
	chtest.Long(t, "streams a 2 GB body to a real server")
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where multipart parts would spill
	app := newFullAppOn(t, chtest.New(t), false)
	srv := httptest.NewServer(app.h)
	defer srv.Close()

	// The temporary folder is watched while the body streams.
	var most atomic.Int64
	stop := make(chan struct{})
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		for {
			most.Store(max(most.Load(), dirSize(tmp)))
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	body, ct := hugeMultipart(2 << 30)
	start := time.Now()
	req, _ := http.NewRequest("POST", srv.URL+"/login", body)
	req.Header.Set("Content-Type", ct) // no Content-Length: streamed
	res, err := http.DefaultClient.Do(req)
	took := time.Since(start)
	close(stop)
	<-watched
	if err == nil {
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), "256 KB") {
			t.Errorf("2 GB multipart login = %d %.300s, want 413 naming 256 KB", res.StatusCode, b)
		}
	} // else the server closed the connection while the client was still sending: refused all the same
	if took > 10*time.Second {
		t.Errorf("2 GB multipart login took %v, want a refusal at once", took)
	}
	if n := most.Load(); n > 1<<20 {
		t.Errorf("the temporary folder held %d bytes during the login, want nothing large", n)
	}

	// Just over the limit, with and without a length: a clean 413.
	for _, known := range []bool{true, false} {
		b, ct := hugeMultipart(300 << 10)
		var r io.Reader = b
		if known {
			all, _ := io.ReadAll(b)
			r = bytes.NewReader(all)
		}
		req, _ := http.NewRequest("POST", srv.URL+"/login", r)
		req.Header.Set("Content-Type", ct)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(page), "256 KB") {
			t.Errorf("300 KB multipart login (length known %v) = %d, want 413 naming 256 KB", known, res.StatusCode)
		}
	}

	// Signed in: forms and JSON are small on every route but uploads.
	form := "commune=06331&period=2024-H1&note=" + strings.Repeat("x", 300<<10)
	for _, c := range []call{
		{method: "POST", path: "/review/form", body: []byte(form)},
		{method: "POST", path: "/api/v1/reports/x/publish", body: []byte(`{"reason":"` + strings.Repeat("x", 300<<10) + `"}`), contentType: "application/json"},
		{method: "POST", path: "/admin/users", body: []byte(form)},
	} {
		c.role = "admin"
		if rec := app.do(t, c); rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "256 KB") {
			t.Errorf("%s with 300 KB = %d %.200s, want 413 naming 256 KB", c.path, rec.Code, rec.Body)
		}
	}
	// Uploads take a file of up to 10 MB, not more.
	report := []byte("ỦY BAN NHÂN DÂN\nXÃ VẠN THỦY\nBÁO CÁO 6 tháng đầu năm 2024\n" + strings.Repeat("Xã tổ chức tuyên truyền.\n", 40_000))
	up, upCT := multipartBody(t, map[string]string{"commune": "06331", "period": "2024-H1"}, "bao-cao.txt", report)
	if rec := app.do(t, call{method: "POST", path: "/api/v1/reports", body: up, contentType: upCT, role: "officer"}); rec.Code == http.StatusRequestEntityTooLarge || rec.Code >= 500 {
		t.Errorf("a %d KB upload = %d %.200s, want it taken", len(report)>>10, rec.Code, rec.Body)
	}
	big, bigCT := multipartBody(t, map[string]string{"commune": "06331", "period": "2024-H1"}, "bao-cao.txt", bytes.Repeat([]byte("x"), 12<<20))
	if rec := app.do(t, call{method: "POST", path: "/api/v1/reports", body: big, contentType: bigCT, role: "officer"}); rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("a 12 MB upload = %d %.200s, want 413", rec.Code, rec.Body)
	}
	if left := dirSize(tmp); left > 0 {
		t.Errorf("%d bytes left in the temporary folder", left)
	}
}
