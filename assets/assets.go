// Package assets serves bdg's browser files from the binary: ECharts, pinned
// in package.json and copied into dist/ by `make assets` (never committed),
// and bdg's own script and stylesheet in static/. URLs carry a content hash
// so browsers can cache them for a year; nothing is loaded from outside.
package assets

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed all:dist static
var files embed.FS

// Prefix is where assets are served.
const Prefix = "/static/"

// Server maps asset names to hashed URLs and serves them.
type Server struct {
	byName map[string]asset // "echarts.min.js" → asset
	byURL  map[string]asset // "/static/ab12cd34/echarts.min.js" → asset
}

type asset struct {
	url   string
	body  []byte
	ctype string
}

// New indexes the embedded files. It fails when ECharts is missing, which
// means the binary was built without `make assets`.
func New() (*Server, error) {
	s := &Server{byName: map[string]asset{}, byURL: map[string]asset{}}
	for _, dir := range []string{"dist", "static"} {
		entries, err := fs.ReadDir(files, dir)
		if err != nil {
			return nil, fmt.Errorf("assets: %w", err)
		}
		for _, e := range entries {
			if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
				continue
			}
			b, err := files.ReadFile(path.Join(dir, e.Name()))
			if err != nil {
				return nil, fmt.Errorf("assets: %w", err)
			}
			sum := sha256.Sum256(b)
			a := asset{url: Prefix + hex.EncodeToString(sum[:4]) + "/" + e.Name(), body: b,
				ctype: mime.TypeByExtension(path.Ext(e.Name()))}
			if a.ctype == "" {
				a.ctype = "application/octet-stream"
			}
			s.byName[e.Name()] = a
			s.byURL[a.url] = a
		}
	}
	if _, ok := s.byName["echarts.min.js"]; !ok {
		return nil, fmt.Errorf("assets: echarts.min.js is missing from assets/dist: build with `make build` (it runs npm ci in assets/)")
	}
	return s, nil
}

// URL returns the hashed URL of an asset, or "" if there is none.
func (s *Server) URL(name string) string { return s.byName[name].url }

// ServeHTTP serves an asset with a year-long immutable cache; the hash in
// the URL changes whenever the file does.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a, ok := s.byURL[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", a.ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(a.body)
}
