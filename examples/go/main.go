// The quick start in Go, over libdevin's C ABI with cgo: create a session,
// read it back, list sessions, and handle a typed error.
//
//	DEVIN_API_KEY=cog_emulator_org_admin DEVIN_BASE_URL=http://127.0.0.1:8080 go run .
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"example.com/devin-quickstart/devin"
)

type session struct {
	SessionID string   `json:"session_id"`
	Status    string   `json:"status"`
	URL       string   `json:"url"`
	Tags      []string `json:"tags"`
}

func run() error {
	client, err := devin.NewClient(devin.Options{UserAgent: "devin-go-quickstart/1.0"})
	if err != nil {
		return err
	}
	defer client.Close()
	fmt.Println("libdevin", devin.Version())

	// 1. Create a session.
	var created session
	if err := client.Call("sessions.create",
		map[string]any{"prompt": "Add a unit test for the date parser", "tags": []string{"go"}},
		&created); err != nil {
		return err
	}
	fmt.Println("created", created.SessionID, created.URL)

	// 2. Read it back.
	var got session
	if err := client.Call("sessions.get", map[string]any{"devin_id": created.SessionID}, &got); err != nil {
		return err
	}
	fmt.Println("status", got.Status)

	// 3. List sessions, one page of five.
	err = client.Pages("sessions.list", map[string]any{"first": 5}, func(items json.RawMessage) bool {
		var page []session
		if json.Unmarshal(items, &page) == nil {
			fmt.Printf("page: %d sessions\n", len(page))
			for _, s := range page {
				fmt.Println(" ", s.SessionID, s.Status)
			}
		}
		return false
	})
	if err != nil {
		return err
	}

	// 4. A typed error: a session that does not exist.
	err = client.Call("sessions.get", map[string]any{"devin_id": "devin-does-not-exist"}, nil)
	var apiErr *devin.Error
	switch {
	case errors.Is(err, devin.NotFound) && errors.As(err, &apiErr):
		fmt.Printf("typed error: %s (HTTP %d)\n", apiErr.Status, apiErr.HTTPStatus)
	case err == nil:
		return errors.New("expected NotFound, the call succeeded")
	default:
		return err
	}
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}
