package auth

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"regexp"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
)

// User is a person who logs in to the web pages.
type User struct {
	Name string
	Role Role
	// Commune is a commune reporter's commune code, Era the era in which
	// the code names its unit ("" when an old account's code names a
	// commune in both eras and no administrator said which: the reporter
	// can then act for nothing), Successor the 2025 commune an
	// administrator let it act for too.
	Commune   string
	Era       period.Era
	Successor string
	Disabled  bool
	Created   time.Time
	Updated   time.Time
	hash      string
	// sessionGen counts password resets and disablings: a session made
	// under an older count is over.
	sessionGen uint32
}

// Scope is the unit a commune reporter acts for (zero for other roles).
func (u User) Scope() units.Scope {
	if u.Role != RoleReporter {
		return units.Scope{}
	}
	return units.Scope{Era: u.Era, Code: u.Commune, Successor: u.Successor}
}

// ErrUserExists is returned when creating a user whose name is taken.
var ErrUserExists = errors.New("auth: user already exists")

// ErrNoUser is returned for a user name that does not exist.
var ErrNoUser = errors.New("auth: no such user")

// InputError is a user, token or password that fails validation.
type InputError struct{ Reason string }

// Error says what is wrong.
func (e *InputError) Error() string { return "auth: " + e.Reason }

var nameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,31}$`)

// MinPassword is the shortest password a person may set.
const MinPassword = 10

// NewPassword makes a random password of 16 unambiguous letters and digits.
func NewPassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

const userCols = "name, role, commune, era, successor, password_hash, disabled, created_at, updated_at, session_gen"

// User reads one user (found false when it does not exist).
func (a *Auth) User(ctx context.Context, name string) (User, bool, error) {
	rows, err := a.users(ctx, "WHERE name = ?", name)
	if err != nil || len(rows) == 0 {
		return User{}, false, err
	}
	return rows[0], true, nil
}

// Users lists every user by name.
func (a *Auth) Users(ctx context.Context) ([]User, error) { return a.users(ctx, "") }

func (a *Auth) users(ctx context.Context, where string, args ...any) ([]User, error) {
	rows, err := a.db.Query(ctx, "SELECT "+userCols+" FROM users FINAL "+where+" ORDER BY name", args...)
	if err != nil {
		return nil, fmt.Errorf("auth: users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		var u User
		var role, era string
		var disabled uint8
		if err := rows.Scan(&u.Name, &role, &u.Commune, &era, &u.Successor, &u.hash, &disabled, &u.Created, &u.Updated, &u.sessionGen); err != nil {
			return nil, fmt.Errorf("auth: users: %w", err)
		}
		u.Role, u.Era, u.Disabled = Role(role), period.Era(era), disabled == 1
		if u.Role == RoleReporter && u.Era == "" {
			u.Era = a.legacyEra(u.Commune)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

func (a *Auth) saveUser(ctx context.Context, u User, by string) error {
	b, err := a.db.PrepareBatch(ctx, "INSERT INTO users (name, role, commune, era, successor, password_hash, disabled, created_at, updated_at, updated_by, rev, session_gen)")
	if err != nil {
		return fmt.Errorf("auth: save user: %w", err)
	}
	defer b.Close()
	now := a.now()
	var disabled uint8
	if u.Disabled {
		disabled = 1
	}
	if err := b.Append(u.Name, string(u.Role), u.Commune, string(u.Era), u.Successor, u.hash, disabled, u.Created, now, by, uint64(now.UnixNano()), u.sessionGen); err != nil {
		return fmt.Errorf("auth: save user: %w", err)
	}
	if err := b.Send(); err != nil {
		return fmt.Errorf("auth: save user: %w", err)
	}
	return nil
}

func (a *Auth) hashPassword(password string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(password), a.opt.BcryptCost)
	if err != nil {
		return "", fmt.Errorf("auth: hash password: %w", err)
	}
	return string(h), nil
}

// NewUser is a user to create. A commune reporter's Scope names its unit;
// an empty Era is inferred when the code names a commune in one era only.
type NewUser struct {
	Name     string
	Role     Role
	Scope    units.Scope
	Password string
	By       string // who creates it (for the record)
}

// AddUser creates a user.
func (a *Auth) AddUser(ctx context.Context, nu NewUser) (User, error) {
	if !nameRe.MatchString(nu.Name) {
		return User{}, &InputError{fmt.Sprintf("user name %q: 2-32 lowercase letters, digits, . _ -", nu.Name)}
	}
	if _, err := ParseRole(string(nu.Role)); err != nil {
		return User{}, err
	}
	scope, err := a.checkScope(nu.Role, nu.Scope)
	if err != nil {
		return User{}, err
	}
	if len([]rune(nu.Password)) < MinPassword {
		return User{}, &InputError{fmt.Sprintf("password shorter than %d characters", MinPassword)}
	}
	if _, found, err := a.User(ctx, nu.Name); err != nil {
		return User{}, err
	} else if found {
		return User{}, ErrUserExists
	}
	h, err := a.hashPassword(nu.Password)
	if err != nil {
		return User{}, err
	}
	u := User{Name: nu.Name, Role: nu.Role, Commune: scope.Code, Era: scope.Era, Successor: scope.Successor, Created: a.now(), hash: h}
	if err := a.saveUser(ctx, u, nu.By); err != nil {
		return User{}, err
	}
	u.Updated = u.Created
	return u, nil
}

// CreateUser adds a user; by names who did it (for the record). A commune
// reporter's era is inferred from commune (AddUser takes it explicitly).
func (a *Auth) CreateUser(ctx context.Context, name string, role Role, commune, password, by string) (User, error) {
	return a.AddUser(ctx, NewUser{Name: name, Role: role, Scope: units.Scope{Code: commune}, Password: password, By: by})
}

// EnsureUser creates a user with a random password when it does not exist
// yet, and returns that password (created false: the user was there).
func (a *Auth) EnsureUser(ctx context.Context, name string, role Role, commune string) (password string, created bool, err error) {
	if _, found, err := a.User(ctx, name); err != nil || found {
		return "", false, err
	}
	password = NewPassword()
	if _, err := a.CreateUser(ctx, name, role, commune, password, "bdg"); err != nil {
		return "", false, err
	}
	return password, true, nil
}

// SetPassword replaces a user's password and ends every session of the
// user for good, in every process (the next read of the user shows it).
func (a *Auth) SetPassword(ctx context.Context, name, password, by string) error {
	if len([]rune(password)) < MinPassword {
		return &InputError{fmt.Sprintf("password shorter than %d characters", MinPassword)}
	}
	u, found, err := a.User(ctx, name)
	if err != nil {
		return err
	}
	if !found {
		return ErrNoUser
	}
	if u.hash, err = a.hashPassword(password); err != nil {
		return err
	}
	u.sessionGen++
	if err := a.saveUser(ctx, u, by); err != nil {
		return err
	}
	a.sessions.dropUser(name)
	return nil
}

// SetDisabled disables (or enables) a user. Disabling ends every session of
// the user for good (enabling again revives none) and revokes the tokens
// it owns; both stop at once in this process, within CacheTTL in others.
func (a *Auth) SetDisabled(ctx context.Context, name string, disabled bool, by string) error {
	u, found, err := a.User(ctx, name)
	if err != nil {
		return err
	}
	if !found {
		return ErrNoUser
	}
	if disabled && !u.Disabled {
		u.sessionGen++
	}
	u.Disabled = disabled
	if err := a.saveUser(ctx, u, by); err != nil {
		return err
	}
	a.sessions.dropUser(name)
	if disabled {
		if _, err := a.revokeOwned(ctx, name); err != nil {
			return err
		}
	}
	return nil
}

// SetScope changes the unit a commune reporter acts for: its commune and
// era, and the 2025 successor it may act for too ("" for none).
func (a *Auth) SetScope(ctx context.Context, name string, scope units.Scope, by string) (before User, err error) {
	u, found, err := a.User(ctx, name)
	if err != nil {
		return User{}, err
	}
	if !found {
		return User{}, ErrNoUser
	}
	if u.Role != RoleReporter {
		return u, &InputError{"only a commune reporter has a commune"}
	}
	if scope, err = a.checkScope(u.Role, scope); err != nil {
		return u, err
	}
	after := u
	after.Commune, after.Era, after.Successor = scope.Code, scope.Era, scope.Successor
	if err := a.saveUser(ctx, after, by); err != nil {
		return u, err
	}
	a.sessions.dropUser(name)
	return u, nil
}

// CheckPassword verifies a login; ok is false for an unknown or disabled
// user or a wrong password alike.
func (a *Auth) CheckPassword(ctx context.Context, name, password string) (User, bool, error) {
	u, found, err := a.User(ctx, name)
	if err != nil {
		return User{}, false, err
	}
	if !a.verify(u, found, password) {
		return User{}, false, nil
	}
	return u, true, nil
}

// verify checks password against user u (found false: no such user, which
// takes as long to refuse); a disabled user never passes.
func (a *Auth) verify(u User, found bool, password string) bool {
	h := a.dummyHash
	if found {
		h = []byte(u.hash)
	}
	match := bcrypt.CompareHashAndPassword(h, []byte(password)) == nil
	return found && match && !u.Disabled
}
