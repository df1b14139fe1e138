/*
 * A Node-API addon with native versions of the metrics' float64 kernels. The product pass and
 * the symmetric matrix-vector rows of `libs/metrics/src/parallel/kernel-jobs.ts` use 256-bit
 * AVX2 vectors, twice the lanes of the WebAssembly SIMD kernels, and so do the square roots of
 * the silhouette's distance sums. The column means, the packing of a covariance's columns and
 * the panel steps of the tridiagonalisation are plain C.
 *
 * Each C element is still one chain `c = c + a[p] * b[p]` over p = 0, 1, ..., k - 1, with the
 * product rounded before the addition. Nothing is fused (no FMA: this file is compiled with
 * -ffp-contract=off and its functions enable only "avx2"), so every value equals the
 * JavaScript loop in `dense.ts` bit for bit, and a result does not depend on which kernel ran.
 *
 * Layout (see kernel-jobs.ts): a packed panel contains 4 rows of a matrix interleaved, k-major,
 * element (row r, column p) at double offset 4 * p + r. C is row-major with `ldc` bytes
 * between rows; tile (i, j) starts at byte c + i * 4 * ldc + j * 32.
 *
 * Built by scripts/build-native.sh; kernel-pool.ts falls back to the WebAssembly kernel when
 * the addon is missing or the CPU lacks AVX2.
 */
#include <node_api.h>
#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Adds A·[B0 B1]ᵀ to C[0..4)[0..8): one A panel against the B panels of tiles j and j + 1. */
__attribute__((target("avx2"))) static void tile_4x8(const double *a, const double *b0,
                                                     const double *b1, double *c,
                                                     int64_t k, int64_t ldc_doubles) {
  double *c0 = c, *c1 = c + ldc_doubles, *c2 = c + 2 * ldc_doubles, *c3 = c + 3 * ldc_doubles;
  __m256d r0l = _mm256_loadu_pd(c0), r0h = _mm256_loadu_pd(c0 + 4);
  __m256d r1l = _mm256_loadu_pd(c1), r1h = _mm256_loadu_pd(c1 + 4);
  __m256d r2l = _mm256_loadu_pd(c2), r2h = _mm256_loadu_pd(c2 + 4);
  __m256d r3l = _mm256_loadu_pd(c3), r3h = _mm256_loadu_pd(c3 + 4);
  for (int64_t p = 0; p < k; p++) {
    const __m256d bl = _mm256_loadu_pd(b0 + 4 * p);
    const __m256d bh = _mm256_loadu_pd(b1 + 4 * p);
    __m256d ar = _mm256_broadcast_sd(a + 4 * p);
    r0l = _mm256_add_pd(r0l, _mm256_mul_pd(ar, bl));
    r0h = _mm256_add_pd(r0h, _mm256_mul_pd(ar, bh));
    ar = _mm256_broadcast_sd(a + 4 * p + 1);
    r1l = _mm256_add_pd(r1l, _mm256_mul_pd(ar, bl));
    r1h = _mm256_add_pd(r1h, _mm256_mul_pd(ar, bh));
    ar = _mm256_broadcast_sd(a + 4 * p + 2);
    r2l = _mm256_add_pd(r2l, _mm256_mul_pd(ar, bl));
    r2h = _mm256_add_pd(r2h, _mm256_mul_pd(ar, bh));
    ar = _mm256_broadcast_sd(a + 4 * p + 3);
    r3l = _mm256_add_pd(r3l, _mm256_mul_pd(ar, bl));
    r3h = _mm256_add_pd(r3h, _mm256_mul_pd(ar, bh));
  }
  _mm256_storeu_pd(c0, r0l), _mm256_storeu_pd(c0 + 4, r0h);
  _mm256_storeu_pd(c1, r1l), _mm256_storeu_pd(c1 + 4, r1h);
  _mm256_storeu_pd(c2, r2l), _mm256_storeu_pd(c2 + 4, r2h);
  _mm256_storeu_pd(c3, r3l), _mm256_storeu_pd(c3 + 4, r3h);
}

/* Adds A·Bᵀ to C[0..4)[0..4). Used for a last column panel without a partner, and for a tile
 * whose partner lies below the diagonal of a symmetric product. */
__attribute__((target("avx2"))) static void tile_4x4(const double *a, const double *b,
                                                     double *c, int64_t k,
                                                     int64_t ldc_doubles) {
  double *c0 = c, *c1 = c + ldc_doubles, *c2 = c + 2 * ldc_doubles, *c3 = c + 3 * ldc_doubles;
  __m256d r0 = _mm256_loadu_pd(c0), r1 = _mm256_loadu_pd(c1);
  __m256d r2 = _mm256_loadu_pd(c2), r3 = _mm256_loadu_pd(c3);
  for (int64_t p = 0; p < k; p++) {
    const __m256d bp = _mm256_loadu_pd(b + 4 * p);
    r0 = _mm256_add_pd(r0, _mm256_mul_pd(_mm256_broadcast_sd(a + 4 * p), bp));
    r1 = _mm256_add_pd(r1, _mm256_mul_pd(_mm256_broadcast_sd(a + 4 * p + 1), bp));
    r2 = _mm256_add_pd(r2, _mm256_mul_pd(_mm256_broadcast_sd(a + 4 * p + 2), bp));
    r3 = _mm256_add_pd(r3, _mm256_mul_pd(_mm256_broadcast_sd(a + 4 * p + 3), bp));
  }
  _mm256_storeu_pd(c0, r0), _mm256_storeu_pd(c1, r1);
  _mm256_storeu_pd(c2, r2), _mm256_storeu_pd(c3, r3);
}

/*
 * The tiles of one pass: A panel i at byte a + i·a_stride (i < i_count), B panel j at
 * b + j·b_stride (j < j_count), each `k` columns long, into C tile (i, j). Tile (i, j) is
 * skipped when j − i < skip_below, which keeps a symmetric product to its upper tiles.
 * Column panels go in pairs, outer, so that both stay in the L1 cache while every row panel
 * passes them.
 */
static void product_pass(uint8_t *memory, int64_t a, int64_t a_stride, int64_t b,
                         int64_t b_stride, int64_t c, int64_t ldc, int64_t k, int64_t i_count,
                         int64_t j_count, int64_t skip_below) {
  const int64_t ldc_doubles = ldc / 8;
  for (int64_t j = 0; j < j_count; j += 2) {
    const int pair = j + 1 < j_count;
    const double *b0 = (const double *)(memory + b + j * b_stride);
    const double *b1 = (const double *)(memory + b + (j + 1) * b_stride);
    for (int64_t i = 0; i < i_count; i++) {
      const double *ai = (const double *)(memory + a + i * a_stride);
      double *tile = (double *)(memory + c + i * 4 * ldc + j * 32);
      const int left = j - i >= skip_below;
      const int right = pair && j + 1 - i >= skip_below;
      if (left && right) {
        tile_4x8(ai, b0, b1, tile, k, ldc_doubles);
      } else if (left) {
        tile_4x4(ai, b0, tile, k, ldc_doubles);
      } else if (right) {
        tile_4x4(ai, b1, tile + 4, k, ldc_doubles);
      }
    }
  }
}

/*
 * Rows [row_start, row_end) of a symmetric matrix-vector product y = A·x over columns [.., n)
 * that reads each entry of the upper triangle once: row r adds A[r][r]·x[r] plus its dot
 * product with x beyond the diagonal to y[r], and A[r][c]·x[r] to every y[c], c > r. The
 * operations and their order match the WebAssembly `symmetricRow` kernel, so both give the
 * same bits. The dot product keeps four lane sums over whole groups of four, adds them as
 * (s0 + s2) + (s1 + s3), then adds the last entries in order.
 */
__attribute__((target("avx2"))) static void symmetric_rows(const double *matrix, int64_t ld,
                                                           const double *x, double *y,
                                                           int64_t row_start, int64_t row_end,
                                                           int64_t n) {
  for (int64_t r = row_start; r < row_end; r++) {
    const double *row = matrix + r * ld;
    const double xr = x[r];
    const int64_t first = r + 1;
    const int64_t quads = (n - first) >> 2;
    const __m256d xr4 = _mm256_set1_pd(xr);
    __m256d lanes = _mm256_setzero_pd();
    for (int64_t q = 0; q < quads; q++) {
      const int64_t c = first + 4 * q;
      const __m256d entries = _mm256_loadu_pd(row + c);
      lanes = _mm256_add_pd(lanes, _mm256_mul_pd(entries, _mm256_loadu_pd(x + c)));
      _mm256_storeu_pd(y + c, _mm256_add_pd(_mm256_loadu_pd(y + c), _mm256_mul_pd(entries, xr4)));
    }
    double lane[4];
    _mm256_storeu_pd(lane, lanes);
    double sum = row[r] * xr;
    sum += (lane[0] + lane[2]) + (lane[1] + lane[3]);
    for (int64_t c = first + 4 * quads; c < n; c++) {
      const double entry = row[c];
      sum += entry * x[c];
      y[c] += entry * xr;
    }
    y[r] += sum;
  }
}

/*
 * Packs the columns of a row-major rows×cols matrix, each minus shift[column] and times
 * `scale`, as column panels. Panel g contains columns 4g..4g+3 over all rows, with element
 * (row i, column 4g + r) at out[g·rows·4 + 4i + r] and the last panel's missing columns as
 * zeros. The value is
 * (data − shift)·scale in that order, as `packColumnPanels` in pooled-products.ts computes it.
 * Blocks of 64 rows keep the strided reads of a column in the cache.
 */
static void pack_columns(double *out, const double *data, int64_t rows, int64_t cols,
                         const double *shift, double scale) {
  const int64_t panels = (cols + 3) / 4;
  const int64_t width_last = cols - 4 * (panels - 1);
  if (width_last < 4) {
    double *panel = out + (panels - 1) * rows * 4;
    for (int64_t i = 0; i < rows; i++) {
      for (int64_t r = width_last; r < 4; r++) panel[4 * i + r] = 0;
    }
  }
  for (int64_t i0 = 0; i0 < rows; i0 += 64) {
    const int64_t i1 = i0 + 64 < rows ? i0 + 64 : rows;
    for (int64_t g = 0; g < panels; g++) {
      const int64_t width = g == panels - 1 ? width_last : 4;
      double *panel = out + g * rows * 4;
      const double *shift_g = shift + 4 * g;
      for (int64_t i = i0; i < i1; i++) {
        const double *source = data + i * cols + 4 * g;
        for (int64_t r = 0; r < width; r++) panel[4 * i + r] = (source[r] - shift_g[r]) * scale;
      }
    }
  }
}

/*
 * mean[j] = (Σ_i data[i·cols + j]) / rows, each sum over i in order from 0, as
 * `columnMeans` in mean-covariance.ts computes it.
 */
static void column_means(double *mean, const double *data, int64_t rows, int64_t cols) {
  for (int64_t j = 0; j < cols; j++) mean[j] = 0;
  for (int64_t i = 0; i < rows; i++) {
    const double *row = data + i * cols;
    for (int64_t j = 0; j < cols; j++) mean[j] += row[j];
  }
  for (int64_t j = 0; j < cols; j++) mean[j] /= (double)rows;
}

/*
 * The two panel steps of one column of the blocked tridiagonalisation (reduceColumn in
 * blocked-tridiagonal.ts), in its order of operations, over the panel's first t vectors
 * (vector s of V and W at s·n):
 *   row_update: row[c] −= v_s[c]·w_s[j] + w_s[c]·v_s[j] for c in [j, n), s = 0, 1, ...;
 *   corrections: y[c] −= v_s[c]·(w_s·x) + w_s[c]·(v_s·x) on [start, n), each dot product
 *   summed over c in order.
 */
static void panel_row_update(double *row, const double *v, const double *w, int64_t t,
                             int64_t n, int64_t j) {
  for (int64_t s = 0; s < t; s++) {
    const double *vs = v + s * n, *ws = w + s * n;
    const double wj = ws[j], vj = vs[j];
    for (int64_t c = j; c < n; c++) row[c] -= vs[c] * wj + ws[c] * vj;
  }
}

static void panel_corrections(const double *v, const double *w, int64_t t, int64_t start,
                              int64_t n, const double *x, double *y) {
  for (int64_t s = 0; s < t; s++) {
    const double *vs = v + s * n, *ws = w + s * n;
    double wx = 0, vx = 0;
    for (int64_t c = start; c < n; c++) {
      wx += ws[c] * x[c];
      vx += vs[c] * x[c];
    }
    for (int64_t c = start; c < n; c++) y[c] -= vs[c] * wx + ws[c] * vx;
  }
}

/*
 * Adds the silhouette's distance sums of one block, as `addRowDistances` in kernel-jobs.ts
 * does (the same bits). Sum c of row i gains √max(norm_i + norm_j − 2·dot, 0) for every
 * column j ≠ i of cluster c in the block, in order of j. Rows come cluster by cluster, so
 * cluster c is columns [starts[c], starts[c + 1]). The square roots run four at a time
 * (correctly rounded, as Math.sqrt is), and the additions stay one chain in order of j.
 */
__attribute__((target("avx2"))) static void row_distances(
    double *sums, const int32_t *codes, const int32_t *starts, const double *norms,
    const double *dots, int64_t clusters, int64_t row_start, int64_t row_end,
    int64_t column_start, int64_t column_end, int64_t width) {
  const int32_t first_cluster = codes[column_start], last_cluster = codes[column_end - 1];
  const __m256d zero = _mm256_setzero_pd(), two = _mm256_set1_pd(2);
  double distance[4];
  for (int64_t i = row_start; i < row_end; i++) {
    const double *row = dots + (i - row_start) * width - column_start;
    double *sums_i = sums + (i - row_start) * clusters;
    const double norm_i = norms[i];
    const __m256d norm_i4 = _mm256_set1_pd(norm_i);
    for (int32_t c = first_cluster; c <= last_cluster; c++) {
      int64_t j = starts[c] > column_start ? starts[c] : column_start;
      const int64_t end = starts[c + 1] < column_end ? starts[c + 1] : column_end;
      double sum = sums_i[c];
      for (; j + 4 <= end; j += 4) {
        const __m256d squared = _mm256_sub_pd(_mm256_add_pd(norm_i4, _mm256_loadu_pd(norms + j)),
                                              _mm256_mul_pd(two, _mm256_loadu_pd(row + j)));
        /* max(squared, 0) maps −0 to +0, as `squared > 0 ? squared : 0` does in JavaScript. */
        _mm256_storeu_pd(distance, _mm256_sqrt_pd(_mm256_max_pd(squared, zero)));
        for (int t = 0; t < 4; t++) {
          if (j + t != i) sum += distance[t];
        }
      }
      for (; j < end; j++) {
        if (j == i) continue;
        const double squared = norm_i + norms[j] - 2 * row[j];
        sum += squared > 0 ? __builtin_sqrt(squared) : 0;
      }
      sums_i[c] = sum;
    }
  }
}

/* One argument as `read_arguments` read it: a typed array's data and length, or a number. */
typedef struct {
  void *data;
  size_t length;
  int64_t integer;
  double real;
} argument;

/*
 * Reads the call's arguments as `signature` lists them, one letter each: 'b' a Uint8Array,
 * 'f' a Float64Array (length in elements), 'i' an integer, 'd' a number. On a mismatch it
 * throws a TypeError that names the function and the argument's position, and returns 0.
 */
static int read_arguments(napi_env env, napi_callback_info info, const char *name,
                          const char *signature, argument *out) {
  napi_value argv[12];
  size_t argc = 12;
  const size_t expected = strlen(signature);
  char message[160];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != expected) {
    snprintf(message, sizeof message, "%s: expected %zu arguments, got %zu", name, expected,
             argc);
    napi_throw_type_error(env, NULL, message);
    return 0;
  }
  for (size_t i = 0; i < expected; i++) {
    const char kind = signature[i];
    int ok;
    if (kind == 'b' || kind == 'f') {
      napi_typedarray_type type;
      ok = napi_get_typedarray_info(env, argv[i], &type, &out[i].length, &out[i].data, NULL,
                                    NULL) == napi_ok &&
           type == (kind == 'b' ? napi_uint8_array : napi_float64_array);
    } else if (kind == 'i') {
      ok = napi_get_value_int64(env, argv[i], &out[i].integer) == napi_ok;
    } else {
      ok = napi_get_value_double(env, argv[i], &out[i].real) == napi_ok;
    }
    if (!ok) {
      const char *expected_type = kind == 'b'   ? "a Uint8Array"
                           : kind == 'f' ? "a Float64Array"
                                         : "a number";
      snprintf(message, sizeof message, "%s: argument %zu must be %s", name, i + 1,
               expected_type);
      napi_throw_type_error(env, NULL, message);
      return 0;
    }
  }
  return 1;
}

static napi_value throw_range_error(napi_env env, const char *message) {
  napi_throw_range_error(env, NULL, message);
  return NULL;
}

/*
 * productPass(memory: Uint8Array, a, aStride, b, bStride, c, ldc, k, iCount, jCount,
 * skipBelow): runs `product_pass` on the bytes under `memory` (a view of the kernel pool's
 * shared WebAssembly memory), every offset and stride in bytes. The extent of the last tile
 * of each operand is checked against the view.
 */
static napi_value product_pass_js(napi_env env, napi_callback_info info) {
  argument v[11];
  if (!read_arguments(env, info, "productPass", "biiiiiiiiii", v)) return NULL;
  const int64_t length = (int64_t)v[0].length;
  const int64_t a = v[1].integer, a_stride = v[2].integer, b = v[3].integer;
  const int64_t b_stride = v[4].integer, c = v[5].integer, ldc = v[6].integer;
  const int64_t k = v[7].integer, i_count = v[8].integer, j_count = v[9].integer;
  if (i_count <= 0 || j_count <= 0 || k <= 0) return NULL;

  const int64_t a_end = a + (i_count - 1) * a_stride + k * 32;
  const int64_t b_end = b + (j_count - 1) * b_stride + k * 32;
  const int64_t c_end = c + (i_count - 1) * 4 * ldc + 3 * ldc + j_count * 32;
  if (a < 0 || b < 0 || c < 0 || ldc % 8 != 0 || a_end > length || b_end > length ||
      c_end > length) {
    return throw_range_error(env, "productPass: an operand lies outside the memory view");
  }
  product_pass((uint8_t *)v[0].data, a, a_stride, b, b_stride, c, ldc, k, i_count, j_count,
               v[10].integer);
  return NULL;
}

/*
 * symmetricRows(memory: Float64Array, matrix, ld, x, y, rowStart, rowEnd, n): runs
 * `symmetric_rows` on the doubles under `memory`, with `matrix`, `x` and `y` as offsets in
 * doubles and `ld` the doubles between rows.
 */
static napi_value symmetric_rows_js(napi_env env, napi_callback_info info) {
  argument v[8];
  if (!read_arguments(env, info, "symmetricRows", "fiiiiiii", v)) return NULL;
  const int64_t length = (int64_t)v[0].length;
  const int64_t matrix = v[1].integer, ld = v[2].integer, x = v[3].integer, y = v[4].integer;
  const int64_t row_start = v[5].integer, row_end = v[6].integer, n = v[7].integer;
  if (row_end <= row_start) return NULL;

  if (matrix < 0 || x < 0 || y < 0 || row_start < 0 || n > ld ||
      matrix + (row_end - 1) * ld + n > length || x + n > length || y + n > length) {
    return throw_range_error(env, "symmetricRows: an operand lies outside the memory view");
  }
  double *memory = (double *)v[0].data;
  symmetric_rows(memory + matrix, ld, memory + x, memory + y, row_start, row_end, n);
  return NULL;
}

/*
 * packColumns(memory: Float64Array, out, data: Float64Array, rows, cols, shift: Float64Array,
 * scale): runs `pack_columns` into `memory` from double offset `out`.
 */
static napi_value pack_columns_js(napi_env env, napi_callback_info info) {
  argument v[7];
  if (!read_arguments(env, info, "packColumns", "fifiifd", v)) return NULL;
  const int64_t out = v[1].integer, rows = v[3].integer, cols = v[4].integer;
  if (rows <= 0 || cols <= 0) return NULL;

  const int64_t panels = (cols + 3) / 4;
  if (out < 0 || out + panels * rows * 4 > (int64_t)v[0].length ||
      rows * cols > (int64_t)v[2].length || cols > (int64_t)v[5].length) {
    return throw_range_error(env, "packColumns: an array is shorter than rows and cols need");
  }
  pack_columns((double *)v[0].data + out, v[2].data, rows, cols, v[5].data, v[6].real);
  return NULL;
}

/* columnMeans(data: Float64Array, rows, cols, mean: Float64Array): runs `column_means`. */
static napi_value column_means_js(napi_env env, napi_callback_info info) {
  argument v[4];
  if (!read_arguments(env, info, "columnMeans", "fiif", v)) return NULL;
  const int64_t rows = v[1].integer, cols = v[2].integer;
  if (rows <= 0 || cols <= 0) return NULL;

  if (rows * cols > (int64_t)v[0].length || cols > (int64_t)v[3].length) {
    return throw_range_error(env, "columnMeans: an array is shorter than rows and cols need");
  }
  column_means(v[3].data, v[0].data, rows, cols);
  return NULL;
}

/*
 * panelStep(kind, target: Float64Array, offset, v: Float64Array, w: Float64Array, t, n, from,
 * x: Float64Array): kind 0 runs `panel_row_update` on the row at double `offset` of `target`
 * with j = from; kind 1 runs `panel_corrections` into y at double `offset` of `target`, with
 * start = from and x.
 */
static napi_value panel_step_js(napi_env env, napi_callback_info info) {
  argument v[9];
  if (!read_arguments(env, info, "panelStep", "ififfiiif", v)) return NULL;
  const int64_t kind = v[0].integer, offset = v[2].integer, t = v[5].integer;
  const int64_t n = v[6].integer, from = v[7].integer;
  if (t <= 0 || from >= n) return NULL;

  if (offset < 0 || from < 0 || offset + n > (int64_t)v[1].length ||
      t * n > (int64_t)v[3].length || t * n > (int64_t)v[4].length ||
      n > (int64_t)v[8].length) {
    return throw_range_error(env, "panelStep: an array is shorter than t and n need");
  }
  double *target = (double *)v[1].data + offset;
  if (kind == 0) {
    panel_row_update(target, v[3].data, v[4].data, t, n, from);
  } else {
    panel_corrections(v[3].data, v[4].data, t, from, n, v[8].data, target);
  }
  return NULL;
}

/*
 * rowDistances(memory: Uint8Array, sums, codes, starts, norms, dots, clusters, rowStart,
 * rowEnd, columnStart, columnEnd, width): runs `row_distances` on the bytes under `memory`,
 * every array given as a byte offset (codes and starts Int32, the rest float64).
 */
static napi_value row_distances_js(napi_env env, napi_callback_info info) {
  argument v[12];
  if (!read_arguments(env, info, "rowDistances", "biiiiiiiiiii", v)) return NULL;
  const int64_t length = (int64_t)v[0].length;
  const int64_t sums = v[1].integer, codes = v[2].integer, starts = v[3].integer;
  const int64_t norms = v[4].integer, dots = v[5].integer, clusters = v[6].integer;
  const int64_t row_start = v[7].integer, row_end = v[8].integer;
  const int64_t column_start = v[9].integer, column_end = v[10].integer, width = v[11].integer;
  if (row_end <= row_start || column_end <= column_start) return NULL;

  const int64_t rows = row_end - row_start;
  if (sums < 0 || codes < 0 || starts < 0 || norms < 0 || dots < 0 || sums % 8 != 0 ||
      codes % 4 != 0 || starts % 4 != 0 || norms % 8 != 0 || dots % 8 != 0 || row_start < 0 ||
      column_start < 0 || clusters <= 0 || width < column_end - column_start ||
      sums + rows * clusters * 8 > length || codes + column_end * 4 > length ||
      codes + row_end * 4 > length || starts + (clusters + 1) * 4 > length ||
      norms + (row_end > column_end ? row_end : column_end) * 8 > length ||
      dots + rows * width * 8 > length) {
    return throw_range_error(env, "rowDistances: an operand lies outside the memory view");
  }
  uint8_t *memory = (uint8_t *)v[0].data;
  const int32_t *code_array = (const int32_t *)(memory + codes);
  if (code_array[column_start] < 0 || code_array[column_end - 1] >= clusters) {
    return throw_range_error(env, "rowDistances: a cluster code lies outside [0, clusters)");
  }
  row_distances((double *)(memory + sums), code_array, (const int32_t *)(memory + starts),
                (const double *)(memory + norms), (const double *)(memory + dots), clusters,
                row_start, row_end, column_start, column_end, width);
  return NULL;
}

NAPI_MODULE_INIT() {
  __builtin_cpu_init();
  napi_value available;
  napi_get_boolean(env, __builtin_cpu_supports("avx2"), &available);
  napi_set_named_property(env, exports, "avx2", available);
  const napi_property_descriptor functions[] = {
      {"productPass", NULL, product_pass_js, NULL, NULL, NULL, napi_enumerable, NULL},
      {"symmetricRows", NULL, symmetric_rows_js, NULL, NULL, NULL, napi_enumerable, NULL},
      {"packColumns", NULL, pack_columns_js, NULL, NULL, NULL, napi_enumerable, NULL},
      {"columnMeans", NULL, column_means_js, NULL, NULL, NULL, napi_enumerable, NULL},
      {"panelStep", NULL, panel_step_js, NULL, NULL, NULL, napi_enumerable, NULL},
      {"rowDistances", NULL, row_distances_js, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof functions / sizeof functions[0], functions);
  return exports;
}
