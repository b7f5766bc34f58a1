package ingest

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/store"
	"github.com/bdg-district/bdg/units"
)

// Store is what the ingest service needs from the database.
type Store interface {
	Catalogue(ctx context.Context) (*catalogue.Catalogue, error)
	Reports(ctx context.Context, f model.ReportFilter) ([]model.Report, error)
	Values(ctx context.Context, r model.Report) ([]model.Value, error)
	ClaimVersions(ctx context.Context, claims []store.Claim) (map[string]uint32, error)
	SaveFiles(ctx context.Context, fs []model.File) error
	SaveVersions(ctx context.Context, versions []model.Version, statusRows []model.Report) error
}

// Service turns submissions into stored report versions.
type Service struct {
	st  Store
	now func() time.Time
	log *slog.Logger
	// locks serialise the writes of one commune and period within this
	// process (claims keep numbers unique across processes); different
	// reports proceed in parallel.
	locksMu  sync.Mutex
	locks    map[lockKey]*sync.Mutex
	spool    *Spool
	outliers Outliers
	drainMu  sync.Mutex // one drain at a time
	changed  func()
	// units are the lists shipped in the binary, indexed on first use.
	unitsOnce sync.Once
	units     *units.Index
	unitsErr  error
	// cat caches the catalogue briefly: every submission needs it.
	catMu   sync.Mutex
	cat     *catalogue.Catalogue
	catTime time.Time
}

type lockKey struct {
	era     period.Era
	commune string
	p       period.Period
}

// NewService makes an ingest service; now may be nil for the wall clock.
func NewService(st Store, now func() time.Time, log *slog.Logger) *Service {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{st: st, now: now, log: log}
}

// OnChange registers fn to run after every write (the analytics result
// cache listens, so that a publish shows at once).
func (s *Service) OnChange(fn func()) *Service {
	s.changed = fn
	return s
}

func (s *Service) notify() {
	if s.changed != nil {
		s.changed()
	}
}

// WithSpool makes Service queue submissions on disk when ClickHouse is
// unreachable (see SubmitOrQueue).
func (s *Service) WithSpool(sp *Spool) *Service {
	s.spool = sp
	return s
}

// NewID makes a report id, for callers that must know it before storing
// (bulk ingest hands it to the spool on a database failure).
func NewID() string { return uuid.NewString() }

// catalogueTTL bounds how long an admin's catalogue edit takes to reach ingest.
const catalogueTTL = 30 * time.Second

// Catalogue is the live catalogue, read again every catalogueTTL. While
// ClickHouse cannot be reached it is the last one read, or the catalogue
// built into the binary: a submission is checked before it is accepted
// even then.
func (s *Service) Catalogue(ctx context.Context) *catalogue.Catalogue {
	s.catMu.Lock()
	defer s.catMu.Unlock()
	if s.cat != nil && s.now().Sub(s.catTime) < catalogueTTL {
		return s.cat
	}
	c, err := s.st.Catalogue(ctx)
	switch {
	case err == nil:
		s.cat, s.catTime = c, s.now()
	case s.cat == nil:
		s.log.Warn("catalogue unavailable; using the built-in one", "err", err)
		return catalogue.New(catalogue.Default())
	default:
		s.log.Warn("catalogue unavailable; using the last one read", "err", err)
	}
	return s.cat
}

// unitIndex is the unit lists of both eras, indexed once.
func (s *Service) unitIndex() (*units.Index, error) {
	s.unitsOnce.Do(func() {
		list, err := units.Load()
		if err != nil {
			s.unitsErr = fmt.Errorf("ingest: %w", err)
			return
		}
		s.units = units.NewIndex(list)
	})
	return s.units, s.unitsErr
}

// lock takes the write locks of the given keys, in one order for every
// caller (no deadlock), and returns the function that releases them.
func (s *Service) lock(keys []lockKey) func() {
	slices.SortFunc(keys, func(a, b lockKey) int {
		if c := strings.Compare(string(a.era), string(b.era)); c != 0 {
			return c
		}
		if c := strings.Compare(a.commune, b.commune); c != 0 {
			return c
		}
		return a.p.Compare(b.p)
	})
	keys = slices.Compact(keys)
	held := make([]*sync.Mutex, 0, len(keys))
	for _, k := range keys {
		s.locksMu.Lock()
		if s.locks == nil {
			s.locks = map[lockKey]*sync.Mutex{}
		}
		m, ok := s.locks[k]
		if !ok {
			m = &sync.Mutex{}
			s.locks[k] = m
		}
		s.locksMu.Unlock()
		m.Lock()
		held = append(held, m)
	}
	return func() {
		for _, m := range held {
			m.Unlock()
		}
	}
}
