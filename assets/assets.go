// Package assets serves bdg's browser files from the binary: ECharts, the
// parts of it bdg draws with, bundled by `make assets` from the packages
// pinned in package-lock.json into dist/ (never committed), and bdg's own
// script and stylesheets in static/. URLs carry a content hash so browsers
// can cache them for a year; nothing is loaded from outside.
//
// Every asset is kept compressed as well: gzip for any browser, and brotli
// where the build made one (the ECharts bundle), which browsers accept over
// HTTPS and from localhost. The bundle's forms are made at build time at the
// highest levels; bdg's own small files are gzipped once at start-up. Nothing
// is compressed per request.
package assets

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

//go:embed all:dist static
var files embed.FS

// Prefix is where assets are served.
const Prefix = "/static/"

// ECharts is the name of the ECharts bundle that pages include.
const ECharts = "echarts-bdg.min.js"

// Server maps asset names to hashed URLs and serves them.
type Server struct {
	byName map[string]*asset // "echarts-bdg.min.js" → asset
	byURL  map[string]*asset // "/static/ab12cd34/echarts-bdg.min.js" → asset
}

type asset struct {
	url   string
	ctype string
	body  []byte
	gzip  []byte // nil when gzip would not make it smaller
	br    []byte // nil unless the build made one
}

// New indexes the embedded files. It fails when the ECharts bundle is
// missing, which means the binary was built without `make assets`.
func New() (*Server, error) {
	s := &Server{byName: map[string]*asset{}, byURL: map[string]*asset{}}
	// Precompressed forms sit beside their file: X.gz and X.br.
	pre := map[string][]byte{}
	var names []string
	for _, dir := range []string{"dist", "static"} {
		entries, err := fs.ReadDir(files, dir)
		if err != nil {
			return nil, fmt.Errorf("assets: %w", err)
		}
		for _, e := range entries {
			if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
				continue
			}
			p := path.Join(dir, e.Name())
			if ext := path.Ext(p); ext == ".gz" || ext == ".br" {
				b, err := files.ReadFile(p)
				if err != nil {
					return nil, fmt.Errorf("assets: %w", err)
				}
				pre[p] = b
				continue
			}
			names = append(names, p)
		}
	}
	for _, p := range names {
		b, err := files.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("assets: %w", err)
		}
		gz, ok := pre[p+".gz"]
		if !ok {
			if gz, err = gzipped(b); err != nil {
				return nil, err
			}
		}
		s.add(path.Base(p), b, gz, pre[p+".br"])
	}
	if _, ok := s.byName[ECharts]; !ok {
		return nil, fmt.Errorf("assets: %s is missing from assets/dist: build with `make build` (it runs npm ci and the bundler in assets/)", ECharts)
	}
	return s, nil
}

// add indexes one asset under its name and its hashed URL.
func (s *Server) add(name string, body, gz, br []byte) {
	sum := sha256.Sum256(body)
	a := &asset{url: Prefix + hex.EncodeToString(sum[:4]) + "/" + name, body: body,
		ctype: mime.TypeByExtension(path.Ext(name))}
	if a.ctype == "" {
		a.ctype = "application/octet-stream"
	}
	// A compressed form that saves nothing is not worth a Content-Encoding.
	if len(gz) > 0 && len(gz) < len(body) {
		a.gzip = gz
	}
	if len(br) > 0 && len(br) < len(body) {
		a.br = br
	}
	if old, ok := s.byName[name]; ok {
		delete(s.byURL, old.url)
	}
	s.byName[name] = a
	s.byURL[a.url] = a
}

// gzipped compresses b at the best level, once, at start-up.
func gzipped(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, fmt.Errorf("assets: gzip: %w", err)
	}
	if _, err := zw.Write(b); err != nil {
		return nil, fmt.Errorf("assets: gzip: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("assets: gzip: %w", err)
	}
	return buf.Bytes(), nil
}

// With returns a copy of s that serves body under name instead (at a new
// hashed URL). The benchmark uses it to serve the full echarts.min.js in
// place of bdg's bundle, so both are measured in one run.
func (s *Server) With(name string, body []byte) (*Server, error) {
	c := &Server{byName: map[string]*asset{}, byURL: map[string]*asset{}}
	for n, a := range s.byName {
		c.byName[n], c.byURL[a.url] = a, a
	}
	gz, err := gzipped(body)
	if err != nil {
		return nil, err
	}
	c.add(name, body, gz, nil)
	return c, nil
}

// URL returns the hashed URL of an asset, or "" if there is none.
func (s *Server) URL(name string) string {
	if a, ok := s.byName[name]; ok {
		return a.url
	}
	return ""
}

// Sizes returns an asset's size as stored, gzipped and in brotli (0 when
// there is no such form).
func (s *Server) Sizes(name string) (body, gzip, br int) {
	a, ok := s.byName[name]
	if !ok {
		return 0, 0, 0
	}
	return len(a.body), len(a.gzip), len(a.br)
}

// ServeHTTP serves an asset with a year-long immutable cache (the hash in
// the URL changes whenever the file does), in the smallest form the
// browser accepts. The response carries its Content-Encoding, so the gzip
// middleware around the application passes it through untouched.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a, ok := s.byURL[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("X-Content-Type-Options", "nosniff")
	body := a.body
	if a.gzip != nil || a.br != nil {
		addVary(h, "Accept-Encoding")
		accepts := acceptedEncodings(r.Header.Values("Accept-Encoding"))
		switch {
		case a.br != nil && accepts["br"]:
			h.Set("Content-Encoding", "br")
			body = a.br
		case a.gzip != nil && accepts["gzip"]:
			h.Set("Content-Encoding", "gzip")
			body = a.gzip
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(body)
}

// acceptedEncodings reads Accept-Encoding: the codings listed without q=0.
func acceptedEncodings(values []string) map[string]bool {
	ok := map[string]bool{}
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			name, params, _ := strings.Cut(part, ";")
			name = strings.ToLower(strings.TrimSpace(name))
			if name == "" {
				continue
			}
			refused := false
			for _, p := range strings.Split(params, ";") {
				k, q, found := strings.Cut(strings.TrimSpace(p), "=")
				if found && strings.EqualFold(strings.TrimSpace(k), "q") {
					if f, err := strconv.ParseFloat(strings.TrimSpace(q), 64); err == nil && f == 0 {
						refused = true
					}
				}
			}
			ok[name] = !refused
		}
	}
	return ok
}

// addVary adds a field to Vary unless it is there already (the gzip
// middleware adds Accept-Encoding to every response).
func addVary(h http.Header, field string) {
	for _, v := range h.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(f), field) {
				return
			}
		}
	}
	h.Add("Vary", field)
}
