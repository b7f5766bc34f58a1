package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/web"
	"github.com/gin-gonic/gin"
)

// changeKey is the gin context key a handler sets to record what it changed.
const changeKey = "bdg.auth.change"

// Entry is one line of the audit log (nhật ký thao tác).
type Entry struct {
	At     time.Time `json:"at"`
	User   string    `json:"user"`
	Role   string    `json:"role"`
	Remote string    `json:"remote"`
	Method string    `json:"method"`
	Path   string    `json:"path"`
	Route  string    `json:"route"`
	Status int       `json:"status"`
	Action string    `json:"action"`
	Target string    `json:"target"`
	Before string    `json:"before"` // JSON
	After  string    `json:"after"`  // JSON
	// Detail is what the request decided beyond values (JSON): a
	// publishing override and its reason, a restored version.
	Detail string `json:"detail,omitempty"`
}

type change struct{ before, after any }

// UserRecord is a user as the audit log shows it (never its password).
func UserRecord(u User) map[string]any { return userRecord(u) }

// TokenRecord is a token as the audit log shows it (never its secret).
func TokenRecord(t Token) map[string]any {
	out := map[string]any{"id": t.ID, "role": t.Role, "label": t.Label, "revoked": t.Revoked}
	if t.Role == RoleReporter {
		out["commune"], out["era"] = t.Commune, t.Era
	}
	if t.Owner != "" {
		out["owner"] = t.Owner
	}
	return out
}

// CommandEntry starts the audit entry of a change made from the command
// line (bdg user …, bdg token …, bdg ingest): by is the system account that
// ran it, command the command without its arguments ("bdg user disable"),
// action and target as on the web. Status is an HTTP-like outcome: 200 or
// 201, 404 for a missing user or token, 409 for a name taken, 422 for bad
// input, 500 for a failure.
func CommandEntry(by, command, action, target string, err error) Entry {
	status := http.StatusOK
	if action == "user.create" || action == "token.create" {
		status = http.StatusCreated
	}
	var ie *InputError
	switch {
	case err == nil:
	case errors.As(err, &ie):
		status = http.StatusUnprocessableEntity
	case errors.Is(err, ErrNoUser), errors.Is(err, ErrNoToken):
		status = http.StatusNotFound
	case errors.Is(err, ErrUserExists):
		status = http.StatusConflict
	default:
		status = http.StatusInternalServerError
	}
	return Entry{User: "cli:" + by, Role: "cli", Remote: "local", Method: "CLI", Path: strings.TrimSpace(command + " " + target),
		Route: command, Status: status, Action: action, Target: target}
}

// userRecord is a user as the audit log shows it (never its password).
func userRecord(u User) map[string]any {
	out := map[string]any{"name": u.Name, "role": u.Role, "disabled": u.Disabled}
	if u.Role == RoleReporter {
		out["commune"], out["era"] = u.Commune, u.Era
		if u.Successor != "" {
			out["successor"] = u.Successor
		}
	}
	return out
}

// JSON is v as an audit entry's before, after or detail text.
func JSON(v any) string { return jsonText(v) }

// recordChange lets a handler put before/after values on its audit entry.
func recordChange(c *gin.Context, before, after any) { c.Set(changeKey, change{before, after}) }

func (a *Auth) newEntry(c *gin.Context, p *Principal, rule Rule) *Entry {
	action := rule.Action
	if action == "" {
		action = strings.ToLower(c.Request.Method) + " " + c.FullPath()
	}
	target := ""
	for _, k := range []string{"id", "name", "code", "period"} {
		if v := c.Param(k); v != "" {
			target = v
			break
		}
	}
	return &Entry{At: a.now(), User: p.User, Role: string(p.Role), Remote: c.ClientIP(), Method: c.Request.Method,
		Path: c.Request.URL.Path, Route: c.FullPath(), Action: action, Target: target}
}

// entryKey is the gin context key of the request's audit entry.
const entryKey = "bdg.auth.entry"

// AuditWrites writes the audit entry that Guard opened for a state-changing
// request, once the answer is written: it runs outside the error
// middleware, so the status recorded is the one the client got.
func (a *Auth) AuditWrites() gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Next()
		if v, ok := c.Get(entryKey); ok {
			a.finish(c, v.(*Entry))
		}
	}
}

// finish completes an entry once the request is answered and writes it.
func (a *Auth) finish(c *gin.Context, ev *Entry) {
	ev.Status = c.Writer.Status()
	if ev.Target == "" { // a new report: its id is where the answer points
		if loc := c.Writer.Header().Get("Location"); strings.HasPrefix(loc, "/review/") {
			ev.Target, _, _ = strings.Cut(strings.TrimPrefix(loc, "/review/"), "?")
		}
	}
	if v, ok := c.Get(changeKey); ok {
		ch := v.(change)
		ev.Before, ev.After = jsonText(ch.before), jsonText(ch.after)
	}
	if v, ok := web.AuditDetailOf(c); ok && ev.Detail == "" {
		ev.Detail = jsonText(v)
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.Request.Context()), 10*time.Second)
	defer cancel()
	if err := a.Record(ctx, *ev); err != nil {
		a.log.Error("audit log write failed", "err", err, "user", ev.User, "path", ev.Path, "action", ev.Action)
	}
}

func jsonText(v any) string {
	if v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// maxPendingAudit bounds the entries kept in memory while ClickHouse cannot
// be reached.
const maxPendingAudit = 10000

// Record writes one audit entry. While ClickHouse cannot be reached (a
// commune's submission is then spooled and answered 202) the entry waits in
// memory, at most maxPendingAudit of them, and goes with the next entry
// written once ClickHouse is back; the error is still returned.
func (a *Auth) Record(ctx context.Context, e Entry) error {
	if e.At.IsZero() {
		e.At = a.now()
	}
	a.auditMu.Lock()
	entries := append(a.pendingAudit, e)
	a.pendingAudit = nil
	a.auditMu.Unlock()
	err := a.insertAudit(ctx, entries)
	if err != nil && a.unreachable(err) {
		a.auditMu.Lock()
		a.pendingAudit = append(entries, a.pendingAudit...)
		if over := len(a.pendingAudit) - maxPendingAudit; over > 0 {
			a.log.Error("audit log: ClickHouse unreachable too long, oldest entries dropped", "dropped", over)
			a.pendingAudit = a.pendingAudit[over:]
		}
		a.auditMu.Unlock()
	}
	return err
}

func (a *Auth) insertAudit(ctx context.Context, entries []Entry) error {
	b, err := a.db.PrepareBatch(ctx, "INSERT INTO audit (at, at_ns, user, role, remote, method, path, route, status, action, target, before, after, detail)")
	if err != nil {
		return fmt.Errorf("auth: audit: %w", err)
	}
	defer b.Close()
	for _, e := range entries {
		if err := b.Append(e.At, uint64(e.At.UnixNano()), e.User, e.Role, e.Remote, e.Method, e.Path, e.Route, uint16(e.Status), e.Action, e.Target, e.Before, e.After, e.Detail); err != nil {
			return fmt.Errorf("auth: audit: %w", err)
		}
	}
	if err := b.Send(); err != nil {
		return fmt.Errorf("auth: audit: %w", err)
	}
	return nil
}

// reportSnapshot is a report version's state in the audit log.
type reportSnapshot struct {
	ID      string             `json:"id"`
	Commune string             `json:"commune"`
	Period  string             `json:"period"`
	Version uint32             `json:"version"`
	Status  string             `json:"status"`
	Values  map[string]float64 `json:"values"`
}

// snapshotOf says which version of a report's commune and period an audit
// snapshot shows.
type snapshotOf int

const (
	ofSelf      snapshotOf = iota // the version the route names
	ofNewest                      // the newest version (what a correction or restore made)
	ofPublished                   // the version published now (before a publish: the one it replaces)
)

// snapshot reads the values of report id, or of its newest or published
// sibling, as JSON.
func (a *Auth) snapshot(ctx context.Context, id string, of snapshotOf) string {
	if a.reports == nil || id == "" {
		return ""
	}
	list, err := a.reports.Reports(ctx, model.ReportFilter{ID: id, Limit: 1})
	if err != nil || len(list) == 0 {
		return ""
	}
	r := list[0]
	if of != ofSelf {
		all, err := a.reports.Reports(ctx, model.ReportFilter{Era: r.Era, Communes: []string{r.Commune}, Period: r.Period.String()})
		if err != nil {
			return ""
		}
		found := of == ofNewest
		for _, v := range all {
			switch {
			case of == ofNewest && v.Version > r.Version:
				r = v
			case of == ofPublished && v.Status == model.StatusPublished:
				r, found = v, true
			}
		}
		if !found {
			return "" // nothing was published before
		}
	}
	vals, err := a.reports.Values(ctx, r)
	if err != nil {
		a.log.Warn("audit: report values", "id", r.ID, "err", err)
	}
	s := reportSnapshot{ID: r.ID, Commune: r.Commune, Period: r.Period.String(), Version: r.Version, Status: r.Status, Values: map[string]float64{}}
	for _, v := range vals {
		s.Values[v.Indicator] = v.Value
	}
	return jsonText(s)
}

// AuditFilter chooses audit entries; zero fields match everything.
type AuditFilter struct {
	User, Action string
	From, To     time.Time // To is exclusive
	Limit        int
}

// Audit lists audit entries, newest first.
func (a *Auth) Audit(ctx context.Context, f AuditFilter) ([]Entry, error) {
	var where []string
	var args []any
	if f.User != "" {
		where, args = append(where, "user = ?"), append(args, f.User)
	}
	if f.Action != "" {
		where, args = append(where, "startsWith(action, ?)"), append(args, f.Action)
	}
	if !f.From.IsZero() {
		where, args = append(where, "at >= ?"), append(args, f.From)
	}
	if !f.To.IsZero() {
		where, args = append(where, "at < ?"), append(args, f.To)
	}
	q := "SELECT at, user, role, remote, method, path, route, status, action, target, before, after, detail FROM audit"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	if f.Limit <= 0 {
		f.Limit = 1000
	}
	q += fmt.Sprintf(" ORDER BY at DESC, at_ns DESC LIMIT %d", f.Limit)
	rows, err := a.db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("auth: audit: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var status uint16
		if err := rows.Scan(&e.At, &e.User, &e.Role, &e.Remote, &e.Method, &e.Path, &e.Route, &status, &e.Action, &e.Target, &e.Before, &e.After, &e.Detail); err != nil {
			return nil, fmt.Errorf("auth: audit: %w", err)
		}
		e.Status = int(status)
		out = append(out, e)
	}
	return out, rows.Err()
}
