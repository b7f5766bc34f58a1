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
	if len(args) == 0 {
		fmt.Fprint(stderr, userUsage)
		return 2
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, userUsage)
		return 0
	}
	sub := args[0]
	fs := flag.NewFlagSet("user "+sub, flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(stderr, userUsage); fs.PrintDefaults() }
	db := addDBFlags(fs)
	role := fs.String("role", "", "vai trò / role: admin, officer, viewer, reporter")
	commune := fs.String("commune", "", "mã xã của vai trò reporter / the reporter's commune code")
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
	log := db.logger(stderr)
	a, err := db.open(ctx, log)
	if err != nil {
		fmt.Fprintln(stderr, "bdg user:", err)
		return 1
	}
	defer a.Close()
	au := auth.New(a.store.Conn, nil, auth.Options{Logger: log})
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
