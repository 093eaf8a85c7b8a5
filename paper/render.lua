-- render.lua: a pandoc Lua filter (pandoc >= 2.17, nothing else) that turns the files of the literate document into
-- ONE HTML document (`make paper`, paper/render.sh). Pandoc is given every paper/*.md as input; the filter ignores
-- the concatenation pandoc makes of them and reads each file itself (GitHub-flavoured Markdown, as the files are
-- written to be read on GitHub), so that every link and id is rewritten knowing which file it came from:
--   - order: README.md first (the front matter and table of contents), then the files its tables link to, in the
--     order they link them (all its links if it has no table), then any other input file in name order;
--   - a tagged number, 0.0047<!-- k="TABLE:ROW:COLUMN" --> (the repository page shows the bare number), becomes a
--     span holding a link to its table, whose tooltip is the key (paper/4.5-statistics.md, (4.5.15));
--   - each file becomes a <div id="STEM"> (STEM: its name without .md), and every id inside it is prefixed with
--     "STEM--", so that the headings the files share ("Equations", "Deviations ...") stay unique;
--   - a link to a file of the document, [4.2](4.2-layernorm.md) or (4.2-layernorm.md#equations), becomes #4.2-layernorm
--     or #4.2-layernorm--equations; a link to #x inside a file becomes #STEM--x;
--   - a link to any other relative path, e.g. ../src/inorm/net.c, is resolved against the document's directory and written
--     relative to the output file (metadata paper-root: the way from the output's directory back to the repository
--     root), so it points into the checkout; a path that leaves the repository becomes plain text;
--   - an image's relative path is resolved the same way; the file is embedded as a data: URI (base64), so that the
--     output is one file that works offline; a missing file is reported on stderr and left as a path relative to
--     the output, where verify/paper_html_check.sh finds it missing (pandoc's own --self-contained would stop at
--     the first missing image instead of letting the check list them all); an image alone in its paragraph
--     becomes a figure with its alt text as caption.
-- What it does not do: check anything (verify/paper_html_check.sh does), or touch URLs with a scheme.

local stringify = pandoc.utils.stringify
-- GitHub's Markdown; bracketed spans are read as well, so that [text]{.class} works, though the text's tagged numbers
-- are comments (tag_numbers below); and TeX math between dollars, $...$ and $$...$$, as the repository page reads it
-- (the same extensions as render.sh's --from)
READER = 'gfm+bracketed_spans+tex_math_dollars'

-- A number followed by its key comment: a Str ending in the number, then RawInline html <!-- k="KEY" -->. The
-- pair becomes the Str's other text and a span (data-k, tooltip) holding the number as a link to the key's table,
-- written relative to the document's directory (TABLE: under data/summary/ unless it starts with data/ or paper/).
local function tag_numbers(inlines)
  local out, changed = {}, false
  for _, el in ipairs(inlines) do
    local key = el.t == 'RawInline' and el.format == 'html' and el.text:match('^<!%-%- k="(.-)" %-%->$')
    local prev = out[#out]
    if key and prev and prev.t == 'Str' then
      local head, num = prev.text:match('^(.-)([%d%.eE+%-\226\136\146]+)$')
      local lead = num and num:match('^[eE+]+') or ''
      if num and #lead < #num then
        head, num = head .. lead, num:sub(#lead + 1)
        local table_path = key:match('^([^:]*)') or ''
        if not (table_path:match('^data/') or table_path:match('^paper/')) then
          table_path = 'data/summary/' .. table_path
        end
        out[#out] = nil
        if head ~= '' then table.insert(out, pandoc.Str(head)) end
        table.insert(out, pandoc.Span({pandoc.Link({pandoc.Str(num)}, '../' .. table_path)},
          pandoc.Attr('', {'num'}, {k = key})))
        changed = true
        goto continue
      end
    end
    table.insert(out, el)
    ::continue::
  end
  if changed then return out end
end

local function basename(p) return p:match('([^/]*)$') end
local function dirname(p) return p:match('^(.*)/[^/]*$') or '.' end

-- normalize('paper/../figures/a.svg') == 'figures/a.svg'; leading '..' segments are kept
local function normalize(p)
  local absolute = p:sub(1, 1) == '/'
  local out = {}
  for seg in p:gmatch('[^/]+') do
    if seg == '..' and #out > 0 and out[#out] ~= '..' then
      table.remove(out)
    elseif seg ~= '.' and not (seg == '..' and absolute and #out == 0) then
      table.insert(out, seg)
    end
  end
  local s = table.concat(out, '/')
  if absolute then return '/' .. s end
  return s == '' and '.' or s
end

local function has_scheme(t) return t:match('^[%a][%w+.-]*:') ~= nil or t:sub(1, 2) == '//' end

local function read_file(path)
  local f = assert(io.open(path, 'r'))
  local text = f:read('a')
  f:close()
  return text
end

local B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
local function base64(data)
  local out, n = {}, #data
  for i = 1, n, 3 do
    local a, b, c = data:byte(i, i + 2)
    local v = (a << 16) | ((b or 0) << 8) | (c or 0)
    local q = {(v >> 18) & 63, (v >> 12) & 63, (v >> 6) & 63, v & 63}
    for k = 1, 4 do q[k] = B64:sub(q[k] + 1, q[k] + 1) end
    if not b then q[3] = '=' end
    if not c then q[4] = '=' end
    out[#out + 1] = table.concat(q)
  end
  return table.concat(out)
end

local MIME = {svg = 'image/svg+xml', png = 'image/png', jpg = 'image/jpeg', jpeg = 'image/jpeg', gif = 'image/gif',
  webp = 'image/webp'}

-- the image at path (relative to the working directory) as a data: URI, or nil if it cannot be read
local function data_uri(path)
  local mime = MIME[(path:match('%.([%w]+)$') or ''):lower()]
  local f = mime and io.open(path, 'rb')
  if not f then return nil end
  local bytes = f:read('a')
  f:close()
  return 'data:' .. mime .. ';base64,' .. base64(bytes)
end

local function prefix_id(el, stem)
  if el.identifier and el.identifier ~= '' then el.identifier = stem .. '--' .. el.identifier end
  return el
end

function Pandoc(doc)
  local inputs = PANDOC_STATE.input_files
  local dir = dirname(inputs[1])
  local by_name = {}
  for _, f in ipairs(inputs) do
    if dirname(f) ~= dir then
      error('render.lua: every input must be in one directory: ' .. f .. ' is not in ' .. dir)
    end
    by_name[basename(f)] = f
  end
  if not by_name['README.md'] then error('render.lua: ' .. dir .. '/README.md (the front matter) is not an input') end
  local root = doc.meta['paper-root'] and stringify(doc.meta['paper-root']) or ''
  if root ~= '' and root:sub(-1) ~= '/' then root = root .. '/' end

  local parsed, order, seen = {}, {}, {}
  local function add(name)
    if by_name[name] and not seen[name] then
      seen[name] = true
      table.insert(order, name)
    end
  end
  local function parse(name)
    parsed[name] = parsed[name] or pandoc.read(read_file(by_name[name]), READER)
    return parsed[name]
  end

  -- the order: README.md, the files its tables link to (all its links if it has no table), the rest by name
  add('README.md')
  local add_links = {
    Link = function(l)
      local file = l.target:match('^([^#/]+%.md)$') or l.target:match('^([^#/]+%.md)#')
      if file and not has_scheme(l.target) then add(file) end
    end
  }
  local readme, tables = pandoc.Div(parse('README.md').blocks), 0
  pandoc.walk_block(readme, {
    Table = function(t)
      tables = tables + 1
      pandoc.walk_block(pandoc.Div({t}), add_links)
    end
  })
  if tables == 0 then pandoc.walk_block(readme, add_links) end
  local rest = {}
  for name in pairs(by_name) do if not seen[name] then table.insert(rest, name) end end
  table.sort(rest)
  for _, name in ipairs(rest) do add(name) end

  local blocks = {}
  for i, name in ipairs(order) do
    local stem = name:gsub('%.md$', '')
    local body = pandoc.walk_block(pandoc.Div(parse(name).blocks), {Inlines = tag_numbers})
    body = pandoc.walk_block(body, {
      Header = function(el) return prefix_id(el, stem) end,
      Div = function(el) return prefix_id(el, stem) end,
      Span = function(el)
        if el.attributes.k and not el.attributes.title then el.attributes.title = 'from ' .. el.attributes.k end
        return prefix_id(el, stem)
      end,
      Code = function(el) return prefix_id(el, stem) end,
      CodeBlock = function(el) return prefix_id(el, stem) end,
      Image = function(el)
        prefix_id(el, stem)
        if has_scheme(el.src) then return el end
        local path = el.src:sub(1, 1) == '/' and el.src or normalize(dir .. '/' .. el.src)
        local uri = data_uri(path)
        if uri then
          el.src = uri
        else
          io.stderr:write('render.lua: ' .. by_name[name] .. ': image ' .. el.src .. ' cannot be read (' .. path ..
            '): left as a link\n')
          el.src = path:sub(1, 1) == '/' and path or root .. path
        end
        return el
      end,
      Link = function(el)
        prefix_id(el, stem)
        local t = el.target
        if has_scheme(t) or t == '' then return el end
        local path, frag = t:match('^([^#]*)#(.*)$')
        if not path then path, frag = t, nil end
        if path == '' then
          el.target = '#' .. stem .. '--' .. frag
        elseif path:match('^[^/]+%.md$') and seen[path] then
          local other = path:gsub('%.md$', '')
          el.target = '#' .. other .. (frag and frag ~= '' and ('--' .. frag) or '')
        elseif path:sub(1, 1) ~= '/' then
          local repo_path = normalize(dir .. '/' .. path)
          if repo_path:match('^%.%.') then return el.content end  -- outside the repository: text
          if repo_path:sub(1, 1) ~= '/' then repo_path = root .. repo_path end  -- DIR given as an absolute path
          el.target = repo_path .. (frag and ('#' .. frag) or '')
        end
        return el
      end,
    })
    -- an image alone in its paragraph: a figure (pandoc 2.x marks it by a title starting with "fig:")
    body = pandoc.walk_block(body, {
      Para = function(p)
        local c = p.content
        if #c == 1 and c[1].t == 'Image' and not c[1].title:match('^fig:') then
          c[1].title = 'fig:' .. c[1].title
          return pandoc.Para(c)
        end
      end
    })
    if i > 1 then table.insert(blocks, pandoc.HorizontalRule()) end
    table.insert(blocks, pandoc.Div(body.content, pandoc.Attr(stem, {'paper-section'})))
  end
  -- the template's page is 36em wide; the document's tables are wider: a wider page, and tables that scroll
  doc.meta['header-includes'] = pandoc.MetaBlocks({pandoc.RawBlock('html',
    '<style>body { max-width: 60em; } table { display: block; overflow-x: auto; } ' ..
    'figure { margin: 1em 0; } hr { margin: 3em 0; }</style>')})
  return pandoc.Pandoc(blocks, doc.meta)
end
