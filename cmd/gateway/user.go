package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"gateway/models"
)

const userUsage = `Manages accounts from the shell. Passwords are read from standard input
(never from the command line, where other users could see them in ps).

  gateway user add --email E --name N [--service ID --role ROLE]   < password
  gateway user add --email E --name N --role area_admin            < password
      (without --service: the area team's service, created on a fresh install)
  gateway user passwd --email E                                    < password
  gateway user disable --email E

Roles: worker, manager, org_admin, commissioner, partner, area_admin.`

func userCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" {
		fmt.Fprintln(stderr, "Usage: gateway user add|passwd|disable [flags]\n\n"+userUsage)
		if len(args) == 0 {
			return fmt.Errorf("%w: user needs add, passwd or disable", errUsage)
		}
		return nil
	}
	sub := args[0]
	var c config
	var email, name, role string
	var serviceID int64
	fs := c.dbFlags("user "+sub, userUsage, "gateway.db", stderr)
	fs.StringVar(&email, "email", "", "the user's email (required)")
	if sub == "add" {
		fs.StringVar(&name, "name", "", "the user's full name (required)")
		fs.Int64Var(&serviceID, "service", 0, "id of a service to give the user a role at")
		fs.StringVar(&role, "role", "worker", "role at --service")
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if email == "" {
		return fmt.Errorf("%w: --email is required", errUsage)
	}
	store, err := openMigrated(ctx, c.DB)
	if err != nil {
		return err
	}
	defer store.Close()
	switch sub {
	case "add":
		pw, err := readPassword(stdin, stderr)
		if err != nil {
			return err
		}
		var u *models.User
		err = store.Tx(ctx, func(tx *models.Store) error {
			var err error
			if u, err = tx.CreateUser(ctx, models.UserInput{Email: email, Name: name, Password: pw}); err != nil {
				return err
			}
			if serviceID == 0 && models.Role(role) == models.RoleAreaAdmin {
				team, err := tx.EnsureAreaTeam(ctx)
				if err != nil {
					return err
				}
				serviceID = team.ID
			}
			if serviceID > 0 {
				_, err = tx.AddMembership(ctx, u.ID, serviceID, models.Role(role))
			}
			return err
		})
		if err != nil {
			return explain(err)
		}
		fmt.Fprintf(stdout, "Added user %d (%s).\n", u.ID, u.Email)
	case "passwd":
		u, err := store.UserByEmail(ctx, email)
		if err != nil {
			return explain(err)
		}
		pw, err := readPassword(stdin, stderr)
		if err != nil {
			return err
		}
		if err := store.SetPassword(ctx, u.ID, pw); err != nil {
			return explain(err)
		}
		fmt.Fprintf(stdout, "Password changed for user %d; their sessions and tokens have ended.\n", u.ID)
	case "disable":
		u, err := store.UserByEmail(ctx, email)
		if err != nil {
			return explain(err)
		}
		if err := store.DisableUser(ctx, u.ID); err != nil {
			return explain(err)
		}
		fmt.Fprintf(stdout, "Disabled user %d; their sessions and tokens have ended.\n", u.ID)
	default:
		return fmt.Errorf("%w: unknown user command %q (use add, passwd or disable)", errUsage, sub)
	}
	return nil
}

// readPassword reads one line from stdin; at a terminal it prompts and
// does not echo.
func readPassword(stdin io.Reader, stderr io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(stderr, "Password: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		return string(b), err
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", fmt.Errorf("%w: give the password on standard input, e.g. gateway user add ... < password-file", errUsage)
	}
	return line, nil
}

// explain turns a store error into a message for the shell.
func explain(err error) error {
	var fe models.FieldErrors
	var ce *models.ConflictError
	switch {
	case errors.As(err, &fe):
		return fmt.Errorf("%s", fe.Error())
	case errors.As(err, &ce):
		return fmt.Errorf("%s: %s", ce.Field, ce.Msg)
	case errors.Is(err, models.ErrNotFound):
		return fmt.Errorf("no such user")
	}
	return err
}
