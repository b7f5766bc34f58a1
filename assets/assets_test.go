package assets

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

func TestServeEncodings(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{ECharts, "bdg.js", "bdg.css"} {
		body, gz, br := s.Sizes(name)
		if body == 0 || gz == 0 || gz >= body {
			t.Errorf("%s: %d bytes, gzip %d", name, body, gz)
		}
		if name == ECharts && (br == 0 || br >= gz) {
			t.Errorf("%s: brotli %d bytes, gzip %d: the build should make a smaller brotli form", name, br, gz)
		}
	}
	url := s.URL(ECharts)
	if !strings.HasPrefix(url, Prefix) || !strings.HasSuffix(url, "/"+ECharts) {
		t.Fatalf("URL = %q", url)
	}
	body, gzLen, brLen := s.Sizes(ECharts)
	cases := []struct {
		accept   string
		encoding string
		length   int
	}{
		{"", "", body},
		{"gzip, deflate", "gzip", gzLen},
		{"gzip, deflate, br, zstd", "br", brLen},
		{"br;q=0, gzip", "gzip", gzLen},
		{"BR ; q=0.5", "br", brLen},
		{"identity", "", body},
		{"gzip;q=0", "", body},
	}
	for _, c := range cases {
		req := httptest.NewRequest(http.MethodGet, url, nil)
		if c.accept != "" {
			req.Header.Set("Accept-Encoding", c.accept)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		h := rec.Header()
		if rec.Code != 200 || h.Get("Content-Encoding") != c.encoding || rec.Body.Len() != c.length ||
			h.Get("Content-Length") != strconv.Itoa(c.length) {
			t.Errorf("Accept-Encoding %q: %d, encoding %q, %d bytes (Content-Length %s); want %q, %d bytes",
				c.accept, rec.Code, h.Get("Content-Encoding"), rec.Body.Len(), h.Get("Content-Length"), c.encoding, c.length)
		}
		if h.Get("Vary") != "Accept-Encoding" || !strings.Contains(h.Get("Cache-Control"), "immutable") ||
			h.Get("Content-Type") != "text/javascript; charset=utf-8" {
			t.Errorf("Accept-Encoding %q: headers %v", c.accept, h)
		}
		if c.encoding == "gzip" {
			zr, err := gzip.NewReader(rec.Body)
			if err != nil {
				t.Fatal(err)
			}
			plain, err := io.ReadAll(zr)
			if err != nil || len(plain) != body || !bytes.HasPrefix(plain, []byte("/*!")) {
				t.Errorf("gzip form inflates to %d bytes (%v), want the bundle's %d", len(plain), err, body)
			}
		}
	}

	// HEAD: the headers of the chosen form, no body.
	req := httptest.NewRequest(http.MethodHead, url, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != 200 || rec.Body.Len() != 0 || rec.Header().Get("Content-Length") != strconv.Itoa(gzLen) {
		t.Errorf("HEAD: %d, %d bytes, Content-Length %s", rec.Code, rec.Body.Len(), rec.Header().Get("Content-Length"))
	}
	// The precompressed forms are not assets of their own.
	if s.URL(ECharts+".gz") != "" || s.URL(ECharts+".br") != "" {
		t.Error("the .gz and .br forms are served under their own names")
	}
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, Prefix+"00000000/"+ECharts, nil))
	if rec.Code != 404 {
		t.Errorf("unknown hash: %d", rec.Code)
	}
}

// With serves other bytes under the same name at a new URL and leaves the
// original server as it was.
func TestWith(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	other := []byte(strings.Repeat("var echarts = {};\n", 1000))
	c, err := s.With(ECharts, other)
	if err != nil {
		t.Fatal(err)
	}
	if c.URL(ECharts) == s.URL(ECharts) || c.URL("bdg.js") != s.URL("bdg.js") {
		t.Errorf("URLs: %s %s", c.URL(ECharts), s.URL(ECharts))
	}
	rec := httptest.NewRecorder()
	c.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, c.URL(ECharts), nil))
	if !bytes.Equal(rec.Body.Bytes(), other) {
		t.Errorf("served %d bytes, want %d", rec.Body.Len(), len(other))
	}
	rec = httptest.NewRecorder()
	c.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, s.URL(ECharts), nil))
	if rec.Code != 404 {
		t.Errorf("the replaced URL answers %d", rec.Code)
	}
	if body, _, _ := s.Sizes(ECharts); body == len(other) {
		t.Error("the original server changed")
	}
}
