package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/ingest/docread"
	"github.com/bdg-district/bdg/ingest/extract"
	"github.com/bdg-district/bdg/store"
)

// Spool is an on-disk queue of accepted submissions that could not reach
// ClickHouse. An entry is written and fsynced before the client hears
// "accepted"; the drainer loads each entry and removes it only after the
// database holds it. A replayed entry is recognised by its content hash, so
// a crash between loading and removing loads nothing twice.
type Spool struct {
	dir string
}

// spoolEntry is one queued submission: structured data or a file.
type spoolEntry struct {
	ID       string          `json:"id"`
	Kind     string          `json:"kind"` // "values" or "file"
	Values   *Submission     `json:"values,omitempty"`
	File     *FileSubmission `json:"file,omitempty"`
	Queued   time.Time       `json:"queued"`
	Attempts int             `json:"attempts"`
	Error    *apperr.Error   `json:"error,omitempty"` // set when moved to failed/
}

// spoolFull is the answer when the spool cannot durably hold a
// submission: nothing was accepted, the client should send it again.
func spoolFull(cause error) error {
	return apperr.Unavailable("spool_full", "Máy chủ tạm thời không lưu được báo cáo; chưa có gì được ghi nhận, vui lòng gửi lại sau",
		"The server cannot store the report right now; nothing was accepted, please send it again later", cause)
}

// OpenSpool opens (creating) a spool folder.
func OpenSpool(dir string) (*Spool, error) {
	for _, d := range []string{dir, filepath.Join(dir, "failed")} {
		if err := os.MkdirAll(d, 0o750); err != nil {
			return nil, fmt.Errorf("ingest: spool: %w", err)
		}
	}
	return &Spool{dir: dir}, nil
}

// Dir is the spool folder.
func (s *Spool) Dir() string { return s.dir }

// put writes a new entry durably; a failure is spoolFull.
func (s *Spool) put(e spoolEntry) error {
	if s == nil {
		return spoolFull(errors.New("no spool"))
	}
	b, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("ingest: spool: %w", err)
	}
	name := fmt.Sprintf("%020d-%s.json", e.Queued.UnixNano(), e.ID)
	if err := writeDurably(s.dir, name, b); err != nil {
		return spoolFull(err)
	}
	return nil
}

// writeDurably writes b to dir/name: temp file, fsync, rename, fsync of
// the folder. When it returns nil the file survives a crash.
func writeDurably(dir, name string, b []byte) error {
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(b)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Pending counts the entries waiting to be loaded.
func (s *Spool) Pending() int {
	names, _ := s.names()
	return len(names)
}

func (s *Spool) names() ([]string, error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".json") && !strings.HasPrefix(e.Name(), ".") {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out, nil
}

// drainWorkers loads spooled entries in parallel: each load is a few
// ClickHouse round trips, so waiting dominates, not CPU.
const drainWorkers = 6

// Drain loads spooled submissions until the spool is empty or the database
// fails again; it returns how many were loaded. Entries about the same
// commune and period go through one worker in arrival order, so their
// versions are numbered in the order they were received.
func (s *Service) Drain(ctx context.Context) (int, error) {
	if s.spool == nil {
		return 0, nil
	}
	s.drainMu.Lock()
	defer s.drainMu.Unlock()
	names, err := s.spool.names()
	if err != nil {
		return 0, fmt.Errorf("ingest: spool: %w", err)
	}
	lanes := make([]chan string, drainWorkers)
	var wg sync.WaitGroup
	var mu sync.Mutex
	loaded := 0
	var firstErr error
	for i := range lanes {
		lanes[i] = make(chan string, 16)
		wg.Add(1)
		go func(lane chan string) {
			defer wg.Done()
			for name := range lane {
				mu.Lock()
				stop := firstErr != nil
				mu.Unlock()
				if stop {
					continue // the database is down again: leave the rest for later
				}
				ok, err := s.drainOne(ctx, name)
				mu.Lock()
				if ok {
					loaded++
				}
				if err != nil && firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		}(lanes[i])
	}
	for _, name := range names {
		if ctx.Err() != nil {
			break
		}
		lanes[s.spool.lane(name)%drainWorkers] <- name
	}
	for _, l := range lanes {
		close(l)
	}
	wg.Wait()
	if loaded > 0 {
		_ = syncDir(s.spool.dir)
		s.log.Info("spool drained", "loaded", loaded)
	}
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return loaded, firstErr
}

// lane picks a drain worker by the entry's commune and period (read from the
// entry; for a file without overrides, from its text).
func (s *Spool) lane(name string) int {
	b, err := os.ReadFile(filepath.Join(s.dir, name))
	if err != nil {
		return 0
	}
	var e spoolEntry
	if json.Unmarshal(b, &e) != nil {
		return 0
	}
	key := e.ID
	switch {
	case e.Values != nil:
		key = e.Values.Commune + "|" + e.Values.Period.String()
	case e.File != nil && e.File.Commune != "" && e.File.Period != "":
		key = e.File.Commune + "|" + e.File.Period
	case e.File != nil:
		if text, _, err := docread.Read(e.File.Name, e.File.Data); err == nil {
			ex := extract.Extract(text, nil)
			key = deref(ex.Commune) + "|" + deref(ex.Period)
		}
	}
	h := fnv.New32a()
	h.Write([]byte(key))
	return int(h.Sum32() & 0x7fffffff)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// drainOne loads one entry; ok says it was loaded (and removed). An entry
// whose data is refused moves to failed/ with its reason; it is removed
// from the queue only once that copy is durable, so nothing vanishes.
func (s *Service) drainOne(ctx context.Context, name string) (bool, error) {
	path := filepath.Join(s.spool.dir, name)
	b, err := os.ReadFile(path)
	if err != nil {
		return false, fmt.Errorf("ingest: spool: %w", err)
	}
	var e spoolEntry
	if err := json.Unmarshal(b, &e); err != nil {
		// A torn entry cannot happen (rename is atomic); keep it aside anyway.
		return false, s.spool.setAside(name, path, b)
	}
	switch e.Kind {
	case "values":
		_, err = s.Submit(ctx, *e.Values)
	case "file":
		_, err = s.SubmitFile(ctx, *e.File)
	default:
		err = apperr.Invalid("spool_entry", "kind", "Mục trong hàng đợi không rõ loại", "Spool entry of unknown kind")
	}
	if err == nil {
		if err := os.Remove(path); err != nil {
			return false, fmt.Errorf("ingest: spool: %w", err)
		}
		return true, nil
	}
	ue, ok := apperr.As(err)
	if !ok {
		return false, err // the database: retry later
	}
	// The data itself is wrong: keep it, with the reason, for an officer.
	e.Error = ue
	s.log.Error("spooled submission rejected", "id", e.ID, "err", ue)
	fb, err := json.Marshal(e)
	if err != nil {
		return false, fmt.Errorf("ingest: spool: %w", err)
	}
	return false, s.spool.setAside(name, path, fb)
}

// setAside moves a queued entry to failed/ as b: the copy is made durable
// first, and only then is the entry removed. When the copy cannot be
// written the entry stays queued and the error says why.
func (s *Spool) setAside(name, path string, b []byte) error {
	if err := writeDurably(filepath.Join(s.dir, "failed"), name, b); err != nil {
		return fmt.Errorf("ingest: spool: keep %s in failed/: %w", name, err)
	}
	if err := os.Remove(path); err != nil {
		return fmt.Errorf("ingest: spool: %w", err)
	}
	return nil
}

// RunDrainer drains the spool every interval until ctx ends.
func (s *Service) RunDrainer(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if s.spool != nil && s.spool.Pending() > 0 {
			if _, err := s.Drain(ctx); err != nil && ctx.Err() == nil {
				s.log.Debug("spool drain paused", "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// canQueue tells whether a failed submission goes to the spool: there is
// one, and the database could not be reached.
func (s *Service) canQueue(err error) bool { return s.spool != nil && store.Unavailable(err) }
