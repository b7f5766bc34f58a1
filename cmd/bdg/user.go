package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/bdg-district/bdg/auth"
)

const userUsage = `bdg user: người dùng trang web / web users

  bdg user create NAME --role ROLE [--commune CODE]   tạo, in mật khẩu một lần / create, print the password once
  bdg user password NAME                              đặt mật khẩu ngẫu nhiên mới / set a new random password
  bdg user disable NAME | enable NAME                 khoá, mở khoá / disable, enable
  bdg user list
`

func cmdUser(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	sub, fs, code, done := subcommand("user", userUsage, args, stdout, stderr)
	if done {
		return code
	}
	db := addDBFlags(fs)
	role, commune := addRoleFlags(fs)
	pos, code, ok := parseWithArgs(fs, args[1:], stderr)
	if !ok {
		return code
	}
	want := map[string]int{"create": 1, "password": 1, "disable": 1, "enable": 1, "list": 0}
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
	switch sub {
	case "create":
		pw := auth.NewPassword()
		if _, err := au.CreateUser(ctx, pos[0], auth.Role(*role), *commune, pw, "cli"); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "Mật khẩu của / password of %s (chỉ hiện một lần / shown once):\n%s\n", pos[0], pw)
	case "password":
		pw := auth.NewPassword()
		if err := au.SetPassword(ctx, pos[0], pw, "cli"); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "Mật khẩu mới của / new password of %s (chỉ hiện một lần / shown once):\n%s\n", pos[0], pw)
	case "disable", "enable":
		if err := au.SetDisabled(ctx, pos[0], sub == "disable", "cli"); err != nil {
			return fail(err)
		}
		fmt.Fprintln(stdout, "OK")
	case "list":
		users, err := au.Users(ctx)
		if err != nil {
			return fail(err)
		}
		w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "NAME\tROLE\tCOMMUNE\tDISABLED\tUPDATED")
		for _, u := range users {
			fmt.Fprintf(w, "%s\t%s\t%s\t%v\t%s\n", u.Name, u.Role, u.Commune, u.Disabled, u.Updated.Format("2006-01-02 15:04"))
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

// addRoleFlags adds --role and --commune, shared by users and tokens.
func addRoleFlags(fs *flag.FlagSet) (role, commune *string) {
	role = fs.String("role", "", "vai trò / role: admin, officer, viewer, reporter")
	commune = fs.String("commune", "", "mã xã của vai trò reporter / the reporter's commune code")
	return role, commune
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
