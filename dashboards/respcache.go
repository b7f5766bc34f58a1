package dashboards

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"
)

// respCache keeps encoded JSON answers, plain and gzipped, under the
// analytics data version they were built from.
type respCache struct {
	mu      sync.Mutex
	entries map[string]cachedResp
}

type cachedResp struct {
	version  uint64
	body, gz []byte
}

// maxResp bounds the entries kept; past it the cache starts again.
const maxResp = 500

func (r *respCache) put(key string, version uint64, body []byte) {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	_, _ = zw.Write(body)
	_ = zw.Close()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.entries == nil || len(r.entries) >= maxResp {
		r.entries = map[string]cachedResp{}
	}
	r.entries[key] = cachedResp{version: version, body: body, gz: buf.Bytes()}
}

// serve writes a cached answer of the current version; false if none.
func (r *respCache) serve(c *gin.Context, key string, version uint64) bool {
	r.mu.Lock()
	e, ok := r.entries[key]
	r.mu.Unlock()
	if !ok || e.version != version {
		return false
	}
	c.Header("Vary", "Accept-Encoding")
	if strings.Contains(c.GetHeader("Accept-Encoding"), "gzip") {
		c.Header("Content-Encoding", "gzip")
		c.Data(http.StatusOK, "application/json; charset=utf-8", e.gz)
		return true
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", e.body)
	return true
}
