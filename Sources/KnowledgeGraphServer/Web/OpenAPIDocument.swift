/// The OpenAPI 3 document of the API (GET /api/openapi.json). The same text
/// is kept in docs/openapi.json; a test checks the two and that every route
/// of the router is in it and every path in it is a route.
enum OpenAPIDocument {
    static let json = #"""
{
  "openapi": "3.0.3",
  "info": {
    "title": "kg HTTP API",
    "version": "0.1.0",
    "description": "kg serve --http: queries, plain-word questions, node reports, the schema, named queries and pictures of a knowledge graph of technology deals, with evidence. Read-only unless the server was started with --allow-writes; writes need the token of --token-file. Errors are KGError values (docs/errors.md). Every request must name one of the server's addresses in its Host header (421 otherwise: DNS rebinding), and a JSON route takes only Content-Type: application/json (415 otherwise). A method a path does not take is a 405 with Allow."
  },
  "servers": [
    {
      "url": "/",
      "description": "the server that serves this document (kg serve --http [ADDRESS:]PORT)"
    }
  ],
  "paths": {
    "/": {
      "get": {
        "summary": "The web page: one box for a question or a query, answers with evidence, pictures, the schema",
        "operationId": "page",
        "responses": {
          "200": {
            "description": "HTML",
            "content": {
              "text/html": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "421": {
            "description": "the Host header names none of the server's addresses or --allow-host names (KGH010)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/app.js": {
      "get": {
        "summary": "The page's script",
        "operationId": "pageScript",
        "responses": {
          "200": {
            "description": "JavaScript",
            "content": {
              "text/javascript": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "421": {
            "description": "the Host header names none of the server's addresses or --allow-host names (KGH010)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/app.css": {
      "get": {
        "summary": "The page's style sheet",
        "operationId": "pageStyle",
        "responses": {
          "200": {
            "description": "CSS",
            "content": {
              "text/css": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "421": {
            "description": "the Host header names none of the server's addresses or --allow-host names (KGH010)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/openapi.json": {
      "get": {
        "summary": "This document",
        "operationId": "openapi",
        "responses": {
          "200": {
            "description": "OpenAPI 3",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          },
          "421": {
            "description": "the Host header names none of the server's addresses or --allow-host names (KGH010)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/query": {
      "post": {
        "summary": "Run a query (docs/query-language.md)",
        "operationId": "query",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/QueryRequest"
              },
              "example": {
                "query": "MATCH (who)-[:licenses_patents_to]->($company) RETURN DISTINCT who",
                "params": {
                  "company": "Xiaomi"
                },
                "why": true
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "the answer",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Answer"
                }
              },
              "text/plain": {
                "schema": {
                  "type": "string"
                },
                "description": "format table"
              },
              "text/csv": {
                "schema": {
                  "type": "string"
                },
                "description": "format csv"
              },
              "text/vnd.graphviz": {
                "schema": {
                  "type": "string"
                },
                "description": "format dot: every node and edge the answer touches"
              },
              "image/svg+xml": {
                "schema": {
                  "type": "string"
                },
                "description": "format svg: the dot picture drawn by Graphviz"
              }
            }
          },
          "400": {
            "description": "a bad query or request body (KGL, KGP, KGB, KGH003, KGU003 codes)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "408": {
            "description": "the query ran past its time limit (KGE001)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "413": {
            "description": "the request body is over --max-body, or reading and parsing it would need more than the server's memory budget (KGH002); or the answer is too large to draw (KGU004)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "503": {
            "description": "the server is overloaded (KGH006: every reader is busy and the queue is full, or the memory budget is taken by the requests in flight; try again later), shutting down (KGH007, or KGE003: the query was cancelled), or Graphviz is missing (KGU005)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "421": {
            "description": "the Host header names none of the server's addresses or --allow-host names (KGH010)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "415": {
            "description": "the body is not sent as Content-Type: application/json (KGH009)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "422": {
            "description": "the answer passed its row limit (KGE002: the request's max_rows or the server's --max-rows) or the query its memory limit (KGE005); asking again gets the same answer",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/ask": {
      "post": {
        "summary": "Ask a plain-word question; kg ask turns it into a query",
        "operationId": "ask",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/AskRequest"
              },
              "example": {
                "question": "who licenses patents to Xiaomi",
                "why": true
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "the answer, with query_text (the query made of the question) and understood",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Answer"
                }
              },
              "text/plain": {
                "schema": {
                  "type": "string"
                },
                "description": "format table"
              },
              "text/csv": {
                "schema": {
                  "type": "string"
                },
                "description": "format csv"
              },
              "text/vnd.graphviz": {
                "schema": {
                  "type": "string"
                },
                "description": "format dot: every node and edge the answer touches"
              },
              "image/svg+xml": {
                "schema": {
                  "type": "string"
                },
                "description": "format svg: the dot picture drawn by Graphviz"
              }
            }
          },
          "400": {
            "description": "a question kg cannot read (KGA001: it says which words it understood), or a bad request body",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "408": {
            "description": "the query ran past its time limit (KGE001)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "413": {
            "description": "the request body is over --max-body, or reading and parsing it would need more than the server's memory budget (KGH002); or the answer is too large to draw (KGU004)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "503": {
            "description": "the server is overloaded (KGH006: every reader is busy and the queue is full, or the memory budget is taken by the requests in flight; try again later), shutting down (KGH007, or KGE003: the query was cancelled), or Graphviz is missing (KGU005)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "421": {
            "description": "the Host header names none of the server's addresses or --allow-host names (KGH010)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "415": {
            "description": "the body is not sent as Content-Type: application/json (KGH009)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "422": {
            "description": "the answer passed its row limit (KGE002: the request's max_rows or the server's --max-rows) or the query its memory limit (KGE005); asking again gets the same answer",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/nodes/{name}": {
      "get": {
        "summary": "A node's report: properties, agreements, relations, evidence",
        "operationId": "node",
        "parameters": [
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "key, name or alias (percent-encoded): xiaomi, Xiaomi, %E5%B0%8F%E7%B1%B3",
            "schema": {
              "type": "string",
              "minLength": 1
            }
          }
        ],
        "responses": {
          "200": {
            "description": "the node",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Node"
                }
              }
            }
          },
          "400": {
            "description": "a name that matches several nodes (KGB007)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "404": {
            "description": "no node is called that (KGB006, with a suggestion)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "421": {
            "description": "the Host header names none of the server's addresses or --allow-host names (KGH010)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/schema": {
      "get": {
        "summary": "The graph's schema: node kinds, edge types, derived types, the schema text",
        "operationId": "schema",
        "responses": {
          "200": {
            "description": "the schema",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Schema"
                }
              }
            }
          },
          "421": {
            "description": "the Host header names none of the server's addresses or --allow-host names (KGH010)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/queries": {
      "get": {
        "summary": "The named queries (Queries/*.kgq)",
        "operationId": "namedQueries",
        "responses": {
          "200": {
            "description": "the list",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "queries": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/NamedQuery"
                      }
                    }
                  }
                }
              }
            }
          },
          "421": {
            "description": "the Host header names none of the server's addresses or --allow-host names (KGH010)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/queries/{name}": {
      "post": {
        "summary": "Run a named query with parameters",
        "operationId": "runNamedQuery",
        "parameters": [
          {
            "name": "name",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1
            },
            "example": "licensors"
          }
        ],
        "requestBody": {
          "required": false,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/NamedQueryRequest"
              },
              "example": {
                "params": {
                  "company": "Xiaomi"
                },
                "why": true
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "the answer, with query_text",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Answer"
                }
              },
              "text/plain": {
                "schema": {
                  "type": "string"
                },
                "description": "format table"
              },
              "text/csv": {
                "schema": {
                  "type": "string"
                },
                "description": "format csv"
              },
              "text/vnd.graphviz": {
                "schema": {
                  "type": "string"
                },
                "description": "format dot: every node and edge the answer touches"
              },
              "image/svg+xml": {
                "schema": {
                  "type": "string"
                },
                "description": "format svg: the dot picture drawn by Graphviz"
              }
            }
          },
          "404": {
            "description": "no named query is called that (KGU002)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "400": {
            "description": "a bad query or request body (KGL, KGP, KGB, KGH003, KGU003 codes)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "408": {
            "description": "the query ran past its time limit (KGE001)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "413": {
            "description": "the request body is over --max-body, or reading and parsing it would need more than the server's memory budget (KGH002); or the answer is too large to draw (KGU004)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "503": {
            "description": "the server is overloaded (KGH006: every reader is busy and the queue is full, or the memory budget is taken by the requests in flight; try again later), shutting down (KGH007, or KGE003: the query was cancelled), or Graphviz is missing (KGU005)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "421": {
            "description": "the Host header names none of the server's addresses or --allow-host names (KGH010)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "415": {
            "description": "the body is not sent as Content-Type: application/json (KGH009)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "422": {
            "description": "the answer passed its row limit (KGE002: the request's max_rows or the server's --max-rows) or the query its memory limit (KGE005); asking again gets the same answer",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/dot": {
      "get": {
        "summary": "A node's neighbourhood as Graphviz DOT, or drawn as SVG",
        "operationId": "dot",
        "parameters": [
          {
            "name": "around",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1
            },
            "description": "the node (key, name or alias)"
          },
          {
            "name": "hops",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 0,
              "maximum": 4,
              "default": 1
            },
            "description": "how far to go; a step through an agreement is one hop"
          },
          {
            "name": "format",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "dot",
                "svg"
              ],
              "default": "dot"
            }
          },
          {
            "name": "collapse",
            "in": "query",
            "schema": {
              "type": "boolean",
              "default": false
            },
            "description": "draw agreements as edges between their parties"
          },
          {
            "name": "types",
            "in": "query",
            "schema": {
              "type": "string"
            },
            "description": "only these stored edge types, comma-separated"
          }
        ],
        "responses": {
          "200": {
            "description": "the picture",
            "content": {
              "text/vnd.graphviz": {
                "schema": {
                  "type": "string"
                }
              },
              "image/svg+xml": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "400": {
            "description": "a bad parameter (KGH003)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "404": {
            "description": "no node is called that (KGB006)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "413": {
            "description": "more nodes than can be drawn (KGU004)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "503": {
            "description": "Graphviz is not installed (KGU005)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "421": {
            "description": "the Host header names none of the server's addresses or --allow-host names (KGH010)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/neighbourhood": {
      "get": {
        "summary": "A node's edges grouped by type with counts, and one page of each group (the explorer)",
        "operationId": "neighbourhood",
        "parameters": [
          {
            "name": "node",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1
            },
            "description": "the node (key, name or alias)"
          },
          {
            "name": "types",
            "in": "query",
            "schema": {
              "type": "string"
            },
            "description": "only these stored edge types, comma-separated"
          },
          {
            "name": "kinds",
            "in": "query",
            "schema": {
              "type": "string"
            },
            "description": "only neighbours of these kinds, comma-separated"
          },
          {
            "name": "order",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "degree",
                "date",
                "name"
              ],
              "default": "degree"
            },
            "description": "how each group is ordered: the neighbour's edges of the group's type, the edge's (or agreement's) date, or the name"
          },
          {
            "name": "limit",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 0,
              "maximum": 200,
              "default": 12
            },
            "description": "members listed per group"
          },
          {
            "name": "offset",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 0,
              "default": 0
            },
            "description": "members skipped, for paging"
          },
          {
            "name": "group",
            "in": "query",
            "schema": {
              "type": "string"
            },
            "description": "list only this group (an edge type); the others are counted"
          }
        ],
        "responses": {
          "200": {
            "description": "`{\"node\": {key, kind, name, props, degree}, \"groups\": [{id, type, direction, phrase, count, out, in, kinds, members: [{key, kind, name, edge, direction, degree?, date?}], deferred?, sampled?}], \"edge_types\": [...], \"notes\": [...], \"elapsed_s\"}`; counted from the indexes, groups read smallest first within a time budget (the rest `deferred`), at most 20000 members of a group ordered (`sampled`)",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          },
          "400": {
            "description": "a bad parameter, an unknown edge type (KGB002)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "404": {
            "description": "no node is called that (KGB006)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "421": {
            "description": "the Host header names none of the server's addresses or --allow-host names (KGH010)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/edges/{id}": {
      "get": {
        "summary": "One edge: its ends, how it reads, its evidence, and the agreement it belongs to",
        "operationId": "edge",
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "description": "the edge id (from /api/neighbourhood)",
            "schema": {
              "type": "integer"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "`{\"id\", \"type\", \"phrase\", \"from\", \"to\", \"props\", \"valid_from\"?, \"valid_to\"?, \"evidence\": [{quote, file, title, published, source}], \"agreement\"?: {key, kind, name, props, parties: [{key, kind, name, role, edge}], evidence}}`",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          },
          "404": {
            "description": "no edge has that id (KGC005)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "421": {
            "description": "the Host header names none of the server's addresses or --allow-host names (KGH010)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/parse": {
      "post": {
        "summary": "Whether a text parses as a query (the page runs it as one; otherwise it is a question)",
        "operationId": "parse",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "query"
                ],
                "properties": {
                  "query": {
                    "type": "string"
                  }
                },
                "additionalProperties": false
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "`{\"query\": true}`, or `{\"query\": false, \"error\": {code, message, line, column, suggestion}}`",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          },
          "400": {
            "description": "a body that is not {\"query\": TEXT} (KGH003)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "413": {
            "description": "the request body is over --max-body, or reading and parsing it would need more than the server's memory budget (KGH002); or the answer is too large to draw (KGU004)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "415": {
            "description": "the body is not sent as Content-Type: application/json (KGH009)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "421": {
            "description": "the Host header names none of the server's addresses or --allow-host names (KGH010)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/write": {
      "post": {
        "summary": "Merge graph text (docs/graph-text-format.md) into the graph, all of it or nothing",
        "operationId": "write",
        "security": [
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "text/plain": {
              "schema": {
                "type": "string",
                "minLength": 1
              },
              "example": "source s1 file=\"a.txt\" published=2024-01-02\nnode Company acme \"Acme\"\n  evidence s1 \"Acme was founded.\""
            }
          }
        },
        "responses": {
          "200": {
            "description": "what was written",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/WriteSummary"
                }
              }
            }
          },
          "400": {
            "description": "graph text that does not parse or breaks the schema (KGI, KGS codes); nothing was written",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "no token or the wrong token (KGH005)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "the server was started without --allow-writes (KGH004)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "413": {
            "description": "the body is over --max-body (KGH002)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "503": {
            "description": "another process holds the write lock (KGD005), the server is overloaded (KGH006) or shutting down (KGH007)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "421": {
            "description": "the Host header names none of the server's addresses or --allow-host names (KGH010)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "the text of the server's --token-file"
      }
    },
    "schemas": {
      "Error": {
        "type": "object",
        "required": [
          "error"
        ],
        "properties": {
          "error": {
            "type": "object",
            "required": [
              "code",
              "message",
              "status"
            ],
            "properties": {
              "code": {
                "type": "string",
                "example": "KGB006",
                "description": "a stable code (docs/errors.md)"
              },
              "message": {
                "type": "string"
              },
              "status": {
                "type": "integer"
              },
              "line": {
                "type": "integer"
              },
              "column": {
                "type": "integer"
              },
              "span": {
                "type": "object",
                "properties": {
                  "start": {
                    "$ref": "#/components/schemas/Position"
                  },
                  "end": {
                    "$ref": "#/components/schemas/Position"
                  }
                }
              },
              "file": {
                "type": "string"
              },
              "suggestion": {
                "type": "string"
              }
            }
          }
        }
      },
      "Position": {
        "type": "object",
        "properties": {
          "line": {
            "type": "integer"
          },
          "column": {
            "type": "integer"
          },
          "offset": {
            "type": "integer"
          }
        }
      },
      "QueryRequest": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "query"
        ],
        "properties": {
          "query": {
            "type": "string",
            "minLength": 1,
            "description": "a query (docs/query-language.md)"
          },
          "params": {
            "type": "object",
            "description": "$name parameters: strings, numbers, booleans, null and lists of them (an object is refused)",
            "additionalProperties": {
              "$ref": "#/components/schemas/ParameterValue"
            }
          },
          "format": {
            "type": "string",
            "enum": [
              "json",
              "table",
              "csv",
              "dot",
              "svg"
            ],
            "default": "json"
          },
          "why": {
            "type": "boolean",
            "default": false,
            "description": "add the evidence each row rests on"
          },
          "timeout": {
            "type": "number",
            "minimum": 0,
            "exclusiveMinimum": true,
            "nullable": true,
            "description": "seconds, more than 0; at most the server's --timeout (a larger value is lowered to it); null: the server's"
          },
          "max_rows": {
            "type": "integer",
            "minimum": 1,
            "nullable": true,
            "description": "at least 1; at most the server's --max-rows (a larger value is lowered to it); null: the server's"
          }
        }
      },
      "AskRequest": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "question"
        ],
        "properties": {
          "question": {
            "type": "string",
            "minLength": 1,
            "description": "a question in plain words"
          },
          "params": {
            "type": "object",
            "description": "$name parameters: strings, numbers, booleans, null and lists of them (an object is refused)",
            "additionalProperties": {
              "$ref": "#/components/schemas/ParameterValue"
            }
          },
          "format": {
            "type": "string",
            "enum": [
              "json",
              "table",
              "csv",
              "dot",
              "svg"
            ],
            "default": "json"
          },
          "why": {
            "type": "boolean",
            "default": false,
            "description": "add the evidence each row rests on"
          },
          "timeout": {
            "type": "number",
            "minimum": 0,
            "exclusiveMinimum": true,
            "nullable": true,
            "description": "seconds, more than 0; at most the server's --timeout (a larger value is lowered to it); null: the server's"
          },
          "max_rows": {
            "type": "integer",
            "minimum": 1,
            "nullable": true,
            "description": "at least 1; at most the server's --max-rows (a larger value is lowered to it); null: the server's"
          }
        }
      },
      "NamedQueryRequest": {
        "type": "object",
        "additionalProperties": false,
        "description": "unknown members are refused (KGH003)",
        "properties": {
          "params": {
            "type": "object",
            "description": "$name parameters: strings, numbers, booleans, null and lists of them (an object is refused)",
            "additionalProperties": {
              "$ref": "#/components/schemas/ParameterValue"
            }
          },
          "format": {
            "type": "string",
            "enum": [
              "json",
              "table",
              "csv",
              "dot",
              "svg"
            ],
            "default": "json"
          },
          "why": {
            "type": "boolean",
            "default": false,
            "description": "add the evidence each row rests on"
          },
          "timeout": {
            "type": "number",
            "minimum": 0,
            "exclusiveMinimum": true,
            "nullable": true,
            "description": "seconds, more than 0; at most the server's --timeout (a larger value is lowered to it); null: the server's"
          },
          "max_rows": {
            "type": "integer",
            "minimum": 1,
            "nullable": true,
            "description": "at least 1; at most the server's --max-rows (a larger value is lowered to it); null: the server's"
          }
        }
      },
      "Answer": {
        "type": "object",
        "properties": {
          "columns": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "rows": {
            "type": "array",
            "items": {
              "type": "array",
              "items": {}
            },
            "description": "typed values; a node is {key, kind, name}"
          },
          "display": {
            "type": "array",
            "items": {
              "type": "array",
              "items": {
                "type": "string"
              }
            },
            "description": "the same cells as text"
          },
          "row_count": {
            "type": "integer"
          },
          "evidence": {
            "type": "array",
            "items": {
              "type": "array",
              "items": {
                "$ref": "#/components/schemas/Evidence"
              }
            }
          },
          "elapsed_s": {
            "type": "number"
          },
          "plan": {
            "type": "string"
          },
          "query_text": {
            "type": "string"
          },
          "understood": {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        }
      },
      "Evidence": {
        "type": "object",
        "properties": {
          "quote": {
            "type": "string"
          },
          "file": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "published": {
            "type": "string"
          },
          "source": {
            "type": "string"
          },
          "facts": {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        }
      },
      "Node": {
        "type": "object",
        "properties": {
          "key": {
            "type": "string"
          },
          "kind": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "props": {
            "type": "object"
          },
          "aliases": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "report": {
            "type": "string"
          }
        }
      },
      "Schema": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string"
          },
          "kinds": {
            "type": "array",
            "items": {
              "type": "object"
            }
          },
          "edge_types": {
            "type": "array",
            "items": {
              "type": "object"
            }
          },
          "derived_types": {
            "type": "array",
            "items": {
              "type": "object"
            }
          },
          "text": {
            "type": "string"
          }
        }
      },
      "NamedQuery": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string"
          },
          "summary": {
            "type": "string"
          },
          "text": {
            "type": "string"
          },
          "parameters": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "name": {
                  "type": "string"
                },
                "description": {
                  "type": "string"
                },
                "default": {
                  "type": "string"
                }
              }
            }
          }
        }
      },
      "WriteSummary": {
        "type": "object",
        "properties": {
          "written": {
            "type": "object",
            "properties": {
              "sources": {
                "type": "integer"
              },
              "nodes": {
                "type": "integer"
              },
              "edges": {
                "type": "integer"
              },
              "aliases": {
                "type": "integer"
              },
              "evidence": {
                "type": "integer"
              },
              "write": {
                "type": "integer",
                "description": "the write's number in the graph's history (kg log); absent when nothing changed"
              }
            }
          },
          "summary": {
            "type": "string",
            "description": "what the write did, in words"
          }
        }
      },
      "ParameterValue": {
        "nullable": true,
        "description": "a string, number, boolean, null or a list of them",
        "anyOf": [
          {
            "type": "string"
          },
          {
            "type": "number"
          },
          {
            "type": "boolean"
          },
          {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ParameterValue"
            }
          }
        ]
      }
    }
  }
}
"""#
}
