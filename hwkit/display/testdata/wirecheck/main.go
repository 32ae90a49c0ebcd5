// Command wirecheck plays GoNB's side of the display protocol with GoNB's own
// protocol types, for display's wire-compatibility test (a separate process,
// since gob allows one registration per type name).
//
//	wirecheck decode   < gob stream   prints each DisplayData as the kernel sees it
//	wirecheck ack ID   > gob stream   writes the kernel's sync acknowledgement
package main

import (
	"encoding/gob"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"

	"github.com/janpfeifer/gonb/gonbui/protocol"
)

func main() {
	gob.Register(map[string]any{})
	switch os.Args[1] {
	case "decode":
		dec := gob.NewDecoder(os.Stdin)
		for {
			var d protocol.DisplayData
			if err := dec.Decode(&d); err == io.EOF {
				return
			} else if err != nil {
				fmt.Println("error:", err)
				os.Exit(1)
			}
			var keys []string
			for k := range d.Data {
				keys = append(keys, string(k))
			}
			sort.Strings(keys)
			for _, k := range keys {
				switch v := d.Data[protocol.MIMEType(k)].(type) {
				case protocol.CommValue:
					fmt.Printf("%s: CommValue{%s %v}\n", k, v.Address, v.Value)
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
	case "ack":
		id, _ := strconv.Atoi(os.Args[2])
		if err := gob.NewEncoder(os.Stdout).Encode(&protocol.CommValue{Address: protocol.GonbuiSyncAckAddress, Value: id}); err != nil {
			os.Exit(1)
		}
	}
}
