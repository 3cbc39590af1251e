module example.com/devin-quickstart

go 1.21
