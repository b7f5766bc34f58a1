package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os/user"
	"text/tabwriter"

	"github.com/bdg-district/bdg/auth"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
)

const userUsage = `bdg user: người dùng trang web / web users

  bdg user create NAME --role ROLE [--commune CODE [--era ERA] [--successor CODE]]
                                   tạo, in mật khẩu một lần / create, print the password once
  bdg user password NAME           mật khẩu ngẫu nhiên mới, kết thúc mọi phiên / new random password, ends every session
  bdg user disable NAME | enable NAME
                                   khoá (kết thúc phiên, thu hồi mã của người này), mở khoá /
                                   disable (ends sessions, revokes the user's tokens), enable
  bdg user scope NAME --commune CODE [--era ERA] [--successor CODE|none]
                                   xã của tài khoản xã báo cáo / a commune reporter's unit
  bdg user list

ERA: pre2025 (trước 01/7/2025) hoặc 2025; bắt buộc khi mã xã có ở cả hai thời kỳ /
required when the code names a commune in both eras. --successor: xã mới (2025) mà xã cũ được
báo cáo thay, theo danh mục sáp nhập / the 2025 commune the old one may report for, per the lineage.
Mọi thay đổi được ghi vào nhật ký thao tác / every change is written to the audit log.
`

// osUser names who ran a command, for the audit log.
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return env("USER", "unknown")
}

// recordCommand writes a command's audit entry; a failure to write it is
// said on stderr (the change itself stands).
func recordCommand(ctx context.Context, au *auth.Auth, stderr io.Writer, e auth.Entry, before, after any) {
	if before != nil || after != nil {
		e.Before, e.After = auth.JSON(before), auth.JSON(after)
	}
	if err := au.Record(context.WithoutCancel(ctx), e); err != nil {
		fmt.Fprintln(stderr, "bdg: nhật ký thao tác / audit log:", err)
	}
}

func cmdUser(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	sub, fs, code, done := subcommand("user", userUsage, args, stdout, stderr)
	if done {
		return code
	}
	db := addDBFlags(fs)
	role, commune, era := addRoleFlags(fs)
	successor := fs.String("successor", "", "xã mới (2025) mà xã cũ được báo cáo thay; none: bỏ / the 2025 successor commune a pre-2025 reporter may act for; none: remove it")
	pos, code, ok := parseWithArgs(fs, args[1:], stderr)
	if !ok {
		return code
	}
	want := map[string]int{"create": 1, "password": 1, "disable": 1, "enable": 1, "scope": 1, "list": 0}
	n, known := want[sub]
	if !known || len(pos) != n {
		fmt.Fprint(stderr, userUsage)
		return 2
	}
	au, closeDB, code := db.openAuth(ctx, "bdg user", stderr)
	if code != 0 {
		return code
	}
	defer closeDB()
	fail := func(err error) int {
		fmt.Fprintln(stderr, "bdg user "+sub+":", err)
		var ie *auth.InputError
		if errors.As(err, &ie) || errors.Is(err, auth.ErrNoUser) || errors.Is(err, auth.ErrUserExists) {
			return 2
		}
		return 1
	}
	by := osUser()
	// Every change is audited, refused ones too: who ran it, what, the
	// user before and after.
	audit := func(action string, err error, before, after any) {
		recordCommand(ctx, au, stderr, auth.CommandEntry(by, "bdg user "+sub, action, pos[0], err), before, after)
	}
	scope := units.Scope{Code: *commune, Era: period.Era(*era), Successor: *successor}
	switch sub {
	case "create":
		pw := auth.NewPassword()
		u, err := au.AddUser(ctx, auth.NewUser{Name: pos[0], Role: auth.Role(*role), Scope: scope, Password: pw, By: "cli:" + by})
		if err != nil {
			audit("user.create", err, nil, map[string]any{"name": pos[0], "role": *role, "commune": *commune, "era": *era})
			return fail(err)
		}
		audit("user.create", nil, nil, auth.UserRecord(u))
		fmt.Fprintf(stdout, "Mật khẩu của / password of %s (chỉ hiện một lần / shown once):\n%s\n", pos[0], pw)
	case "password":
		pw := auth.NewPassword()
		err := au.SetPassword(ctx, pos[0], pw, "cli:"+by)
		audit("user.password", err, nil, map[string]string{"password": "reset", "sessions": "ended"})
		if err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "Mật khẩu mới của / new password of %s (chỉ hiện một lần / shown once; mọi phiên đã kết thúc / every session ended):\n%s\n", pos[0], pw)
	case "disable", "enable":
		disabled := sub == "disable"
		err := au.SetDisabled(ctx, pos[0], disabled, "cli:"+by)
		audit("user."+sub, err, map[string]bool{"disabled": !disabled}, map[string]bool{"disabled": disabled})
		if err != nil {
			return fail(err)
		}
		fmt.Fprintln(stdout, "OK")
	case "scope":
		if scope.Successor == "none" {
			scope.Successor = ""
		}
		before, err := au.SetScope(ctx, pos[0], scope, "cli:"+by)
		if err != nil {
			audit("user.scope", err, nil, scope)
			return fail(err)
		}
		after, _, err := au.User(ctx, pos[0])
		if err != nil {
			return fail(err)
		}
		audit("user.scope", nil, auth.UserRecord(before), auth.UserRecord(after))
		fmt.Fprintln(stdout, "OK", after.Scope())
	case "list":
		users, err := au.Users(ctx)
		if err != nil {
			return fail(err)
		}
		w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "NAME\tROLE\tCOMMUNE\tERA\tSUCCESSOR\tDISABLED\tUPDATED")
		for _, u := range users {
			era := string(u.Era)
			if u.Role == auth.RoleReporter && era == "" {
				era = "? (bdg user scope)"
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%v\t%s\n", u.Name, u.Role, u.Commune, era, u.Successor, u.Disabled, u.Updated.Format("2006-01-02 15:04"))
		}
		w.Flush()
	}
	return 0
}

// subcommand takes SUB off "bdg NAME SUB …" and makes its flag set, or
// answers a missing subcommand or a help request itself (done).
func subcommand(name, usage string, args []string, stdout, stderr io.Writer) (sub string, fs *flag.FlagSet, code int, done bool) {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return "", nil, 2, true
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage)
		return "", nil, 0, true
	}
	fs = flag.NewFlagSet(name+" "+args[0], flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(stderr, usage); fs.PrintDefaults() }
	return args[0], fs, 0, false
}

// addRoleFlags adds --role, --commune and --era, shared by users and tokens.
func addRoleFlags(fs *flag.FlagSet) (role, commune, era *string) {
	role = fs.String("role", "", "vai trò / role: admin, officer, viewer, reporter")
	commune = fs.String("commune", "", "mã xã của vai trò reporter / the reporter's commune code")
	era = fs.String("era", "", "thời kỳ của mã xã: pre2025 hoặc 2025 (bắt buộc khi mã có ở cả hai) / the era of the commune code: pre2025 or 2025 (required when the code names a commune in both)")
	return role, commune, era
}

// openAuth opens the database and its access control for a subcommand; a
// non-zero code means it failed, and stderr says why.
func (f *dbFlags) openAuth(ctx context.Context, cmd string, stderr io.Writer) (*auth.Auth, func(), int) {
	log := f.logger(stderr)
	a, err := f.open(ctx, log)
	if err != nil {
		fmt.Fprintln(stderr, cmd+":", err)
		return nil, nil, 1
	}
	return auth.New(a.store.Conn, nil, auth.Options{Logger: log}), a.Close, 0
}
