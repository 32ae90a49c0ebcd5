// Command wirecheck plays GoNB's side of the display protocol for display's
// wire-compatibility test, with the kernel's own types and gob
// registrations: those of gonbui/protocol and of the kernel's pipe reader,
// internal/jpyexec, imported for its registrations only. An internal
// package can be imported only from below github.com/janpfeifer/gonb, so
// the test builds this program as a module of that name (see
// TestWireCompatibleWithGoNB); it is not part of the hw2 module's build.
//
//	wirecheck decode   < gob stream   prints each message as the kernel's reader sees it
//	wirecheck ack ID   > gob stream   writes the kernel's acknowledgement of sync request ID
package main

import (
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"

	"github.com/janpfeifer/gonb/gonbui/protocol"
	_ "github.com/janpfeifer/gonb/internal/jpyexec" // the kernel's gob registrations
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: wirecheck decode | ack ID")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "decode":
		decode()
	case "ack":
		id, err := strconv.Atoi(os.Args[2])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		// As jpyexec's pollNamedPipeReader answers a sync request.
		ack := &protocol.CommValue{Address: protocol.GonbuiSyncAckAddress, Value: id}
		if err := gob.NewEncoder(os.Stdout).Encode(ack); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}

// decode reads messages as jpyexec's pollNamedPipeReader does and prints
// what it would act on.
func decode() {
	dec := gob.NewDecoder(os.Stdin)
	for {
		d := &protocol.DisplayData{}
		if err := dec.Decode(d); errors.Is(err, io.EOF) {
			return
		} else if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		if v, found := d.Data[protocol.MIMECommValue]; found {
			req, ok := v.(protocol.CommValue)
			id, isInt := req.Value.(int)
			fmt.Printf("comm value: ok %v, address %s, id %d (int %v)\n", ok, req.Address, id, isInt)
			continue
		}
		var keys []string
		for k := range d.Data {
			keys = append(keys, string(k))
		}
		sort.Strings(keys)
		for _, k := range keys {
			switch v := d.Data[protocol.MIMEType(k)].(type) {
			case []byte:
				fmt.Printf("%s: %d bytes\n", k, len(v))
			default:
				fmt.Printf("%s: %T %v\n", k, v, v)
			}
		}
		if m, ok := d.Metadata["image/png"].(map[string]any); ok {
			fmt.Printf("metadata width %v height %v\n", m["width"], m["height"])
		}
	}
}
