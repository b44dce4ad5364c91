/**
 * The public API of Borel's tensor kernel layer (layer 1): tensors, forward ops, GEMM backends, the worker
 * pool, quantization formats, Linear / transformer block, the batched GLM op and serialization.
 */
export { Tensor, tensor, zeros, type DType, type Shape } from "./tensor.js";
export { add, sub, mul, div, gelu, broadcastShape } from "./elementwise.js";
export { softmax, boolMask } from "./softmax.js";
export { layerNorm } from "./layernorm.js";
export { attention } from "./attention.js";
export { matmul, type MatmulOptions } from "./matmul.js";
export { gemmRef, gemmIntRef } from "./gemm-ref.js";
export { getBackend, setBackend, tsBackend, wasmBackend, type Backend } from "./backend.js";
export { createTfjsBackend } from "./tfjs-backend.js";
export { setThreads, threadCount } from "./pool.js";
export { hasWasmSimd } from "./wasm/simd.js";
export { gemmI8ExactWasm } from "./wasm/gemm.js";
export { quantizeInt8Weights, quantizeInt8Rows, dequantizeInt8, gemmInt8, int8Report, type Int8Weights } from "./quant/int8.js";
export { quantizeInt4, dequantizeInt4, int4Report, type Int4Weights, type Int4Options } from "./quant/int4.js";
export { gptqQuantize, type GptqOptions } from "./quant/gptq.js";
export { fp8Encode, fp8Decode, fp8Table, quantizeFp8, dequantizeFp8, fp8Report, type Fp8Format, type Fp8Weights } from "./quant/fp8.js";
export { quantizeBlockFp, dequantizeBlockFp, blockFpReport, type BlockFpWeights, type BlockFpOptions } from "./quant/blockfp.js";
export { gemmDequant } from "./quant/dequant-gemm.js";
export { errorReport, type ErrorReport } from "./quant/report.js";
export { Linear, type LinearOptions, type WeightFormat, type LinearWeights } from "./linear.js";
export { TransformerBlock, type TransformerBlockF32, type TransformerBlockParts } from "./transformer.js";
export { BatchedGlm, glmLogLikGrad, type GlmFamily, type GlmOptions, type GlmResult } from "./glm.js";
export { serialize, deserialize, crc32, type Serializable, type DeserializeOptions } from "./serialize.js";
