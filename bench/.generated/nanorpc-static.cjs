/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
"use strict";

var $protobuf = require("protobufjs/minimal");

// Common aliases
var $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
var $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError;

// Exported root namespace
var $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

$root.NanoRPCRequest = (function() {

    /**
     * Properties of a NanoRPCRequest.
     * @typedef {Object} NanoRPCRequest.$Properties
     * @property {number|null} [requestId] NanoRPCRequest requestId
     * @property {NanoRPCRequest.Type|null} [requestType] NanoRPCRequest requestType
     * @property {number|null} [pathHash] NanoRPCRequest pathHash
     * @property {string|null} [path] NanoRPCRequest path
     * @property {Uint8Array|null} [data] NanoRPCRequest data
     * @property {"pathHash"|"path"} [pathOneof] NanoRPCRequest pathOneof
     * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
     */

    /**
     * Properties of a NanoRPCRequest.
     * @exports INanoRPCRequest
     * @interface INanoRPCRequest
     * @augments NanoRPCRequest.$Properties
     * @deprecated Use NanoRPCRequest.$Properties instead.
     */

    /**
     * Narrowed shape of a NanoRPCRequest.
     * @typedef {{
     *   requestId?: number|null;
     *   requestType?: NanoRPCRequest.Type|null;
     *   pathHash?: number|null;
     *   path?: string|null;
     *   data?: Uint8Array|null;
     *   $unknowns?: Array.<Uint8Array>;
     * } & (
     *   ({ pathOneof?: undefined; pathHash?: null; path?: null }|{ pathOneof?: "pathHash"; pathHash: number; path?: null }|{ pathOneof?: "path"; pathHash?: null; path: string })
     * )} NanoRPCRequest.$Shape
     */

    /**
     * Constructs a new NanoRPCRequest.
     * @exports NanoRPCRequest
     * @classdesc Represents a NanoRPCRequest.
     * @constructor
     * @param {NanoRPCRequest.$Properties=} [properties] Properties to set
     * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
     */
    var NanoRPCRequest = function (properties) {
        if (properties)
            for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                    this[keys[i]] = properties[keys[i]];
    };

    /**
     * NanoRPCRequest requestId.
     * @member {number} requestId
     * @memberof NanoRPCRequest
     * @instance
     */
    NanoRPCRequest.prototype.requestId = 0;

    /**
     * NanoRPCRequest requestType.
     * @member {NanoRPCRequest.Type} requestType
     * @memberof NanoRPCRequest
     * @instance
     */
    NanoRPCRequest.prototype.requestType = 0;

    /**
     * NanoRPCRequest pathHash.
     * @member {number|null|undefined} pathHash
     * @memberof NanoRPCRequest
     * @instance
     */
    NanoRPCRequest.prototype.pathHash = null;

    /**
     * NanoRPCRequest path.
     * @member {string|null|undefined} path
     * @memberof NanoRPCRequest
     * @instance
     */
    NanoRPCRequest.prototype.path = null;

    /**
     * NanoRPCRequest data.
     * @member {Uint8Array} data
     * @memberof NanoRPCRequest
     * @instance
     */
    NanoRPCRequest.prototype.data = $util.newBuffer([]);

    // OneOf field names bound to virtual getters and setters
    var $oneOfFields;

    /**
     * NanoRPCRequest pathOneof.
     * @member {"pathHash"|"path"|undefined} pathOneof
     * @memberof NanoRPCRequest
     * @instance
     */
    $Object.defineProperty(NanoRPCRequest.prototype, "pathOneof", {
        get: $util.oneOfGetter($oneOfFields = ["pathHash", "path"]),
        set: $util.oneOfSetter($oneOfFields)
    });

    /**
     * Creates a new NanoRPCRequest instance using the specified properties.
     * @function create
     * @memberof NanoRPCRequest
     * @static
     * @param {NanoRPCRequest.$Properties=} [properties] Properties to set
     * @returns {NanoRPCRequest} NanoRPCRequest instance
     * @type {{
     *   (properties: NanoRPCRequest.$Shape): NanoRPCRequest & NanoRPCRequest.$Shape;
     *   (properties?: NanoRPCRequest.$Properties): NanoRPCRequest;
     * }}
     */
    NanoRPCRequest.create = function(properties) {
        return new NanoRPCRequest(properties);
    };

    /**
     * Encodes the specified NanoRPCRequest message. Does not implicitly {@link NanoRPCRequest.verify|verify} messages.
     * @function encode
     * @memberof NanoRPCRequest
     * @static
     * @param {NanoRPCRequest.$Properties} message NanoRPCRequest message or plain object to encode
     * @param {$protobuf.Writer} [writer] Writer to encode to
     * @returns {$protobuf.Writer} Writer
     */
    NanoRPCRequest.encode = function (message, writer, _depth) {
        if (!writer)
            writer = $Writer.create();
        if (_depth === $undefined)
            _depth = 0;
        if (_depth > $util.recursionLimit)
            throw $Error("max depth exceeded");
        if (message.requestId != null && $Object.hasOwnProperty.call(message, "requestId") && message.requestId !== 0)
            writer.uint32(/* id 1, wireType 0 =*/8).int32(message.requestId);
        if (message.requestType != null && $Object.hasOwnProperty.call(message, "requestType") && message.requestType !== 0)
            writer.uint32(/* id 2, wireType 0 =*/16).int32(message.requestType);
        if (message.pathHash != null && $Object.hasOwnProperty.call(message, "pathHash"))
            writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.pathHash);
        if (message.path != null && $Object.hasOwnProperty.call(message, "path"))
            writer.uint32(/* id 4, wireType 2 =*/34).string(message.path);
        if (message.data != null && $Object.hasOwnProperty.call(message, "data") && message.data.length)
            writer.uint32(/* id 10, wireType 2 =*/82).bytes(message.data);
        if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
            for (var i = 0; i < message.$unknowns.length; ++i)
                writer.raw(message.$unknowns[i]);
        return writer;
    };

    /**
     * Encodes the specified NanoRPCRequest message, length delimited. Does not implicitly {@link NanoRPCRequest.verify|verify} messages.
     * @function encodeDelimited
     * @memberof NanoRPCRequest
     * @static
     * @param {NanoRPCRequest.$Properties} message NanoRPCRequest message or plain object to encode
     * @param {$protobuf.Writer} [writer] Writer to encode to
     * @returns {$protobuf.Writer} Writer
     */
    NanoRPCRequest.encodeDelimited = function(message, writer) {
        return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
    };

    /**
     * Decodes a NanoRPCRequest message from the specified reader or buffer.
     * @function decode
     * @memberof NanoRPCRequest
     * @static
     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
     * @param {number} [length] Message length if known beforehand
     * @returns {NanoRPCRequest & NanoRPCRequest.$Shape} NanoRPCRequest
     * @throws {Error} If the payload is not a reader or valid buffer
     * @throws {$protobuf.util.ProtocolError} If required fields are missing
     */
    NanoRPCRequest.decode = function (reader, length, _end, _depth, _target) {
        if (!(reader instanceof $Reader))
            reader = $Reader.create(reader);
        if (_depth === $undefined)
            _depth = 0;
        if (_depth > $Reader.recursionLimit)
            throw $Error("max depth exceeded");
        var end, message, value;
        if (length === $undefined)
            end = reader.len;
        else {
            end = reader.pos + length;
            if (end > reader.len)
                throw $RangeError("index out of range");
            length = reader.len;
            reader.len = end;
        }
        message = _target || new $root.NanoRPCRequest();
        while (reader.pos < end) {
            var start = reader.pos;
            var tag = reader.tag();
            if (tag === _end) {
                _end = $undefined;
                break;
            }
            var wireType = tag & 7;
            switch (tag >>>= 3) {
            case 1: {
                    if (wireType !== 0)
                        break;
                    if (value = reader.int32())
                        message.requestId = value;
                    else
                        delete message.requestId;
                    continue;
                }
            case 2: {
                    if (wireType !== 0)
                        break;
                    if (value = reader.int32())
                        message.requestType = value;
                    else
                        delete message.requestType;
                    continue;
                }
            case 3: {
                    if (wireType !== 0)
                        break;
                    message.pathHash = reader.uint32();
                    message.pathOneof = "pathHash";
                    continue;
                }
            case 4: {
                    if (wireType !== 2)
                        break;
                    message.path = reader.stringVerify();
                    message.pathOneof = "path";
                    continue;
                }
            case 10: {
                    if (wireType !== 2)
                        break;
                    if ((value = reader.bytes()).length)
                        message.data = value;
                    else
                        delete message.data;
                    continue;
                }
            }
            reader.skipType(wireType, _depth, tag);
            if (!reader.discardUnknown) {
                $util.makeProp(message, "$unknowns", false);
                (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
            }
        }
        if (length !== $undefined) {
            if (reader.pos !== end)
                throw $RangeError("index out of range");
            reader.len = length;
        }
        if (_end !== $undefined)
            throw $Error("missing end group");
        return message;
    };

    /**
     * Decodes a NanoRPCRequest message from the specified reader or buffer, length delimited.
     * @function decodeDelimited
     * @memberof NanoRPCRequest
     * @static
     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
     * @returns {NanoRPCRequest & NanoRPCRequest.$Shape} NanoRPCRequest
     * @throws {Error} If the payload is not a reader or valid buffer
     * @throws {$protobuf.util.ProtocolError} If required fields are missing
     */
    NanoRPCRequest.decodeDelimited = function(reader) {
        if (!(reader instanceof $Reader))
            reader = new $Reader(reader);
        return this.decode(reader, reader.size());
    };

    /**
     * Gets the type url for NanoRPCRequest
     * @function getTypeUrl
     * @memberof NanoRPCRequest
     * @static
     * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
     * @returns {string} The type url
     */
    NanoRPCRequest.getTypeUrl = function(prefix) {
        if (prefix === $undefined)
            prefix = "type.googleapis.com";
        return prefix + "/NanoRPCRequest";
    };

    /**
     * Type enum.
     * @name NanoRPCRequest.Type
     * @enum {number}
     * @property {number} TYPE_UNSPECIFIED=0 TYPE_UNSPECIFIED value
     * @property {number} TYPE_PING=1 TYPE_PING value
     * @property {number} TYPE_REQUEST=2 TYPE_REQUEST value
     * @property {number} TYPE_SUBSCRIBE=3 TYPE_SUBSCRIBE value
     */
    NanoRPCRequest.Type = (function() {
        var valuesById = $Object.create(null), values = $Object.create(valuesById);
        values[valuesById[0] = "TYPE_UNSPECIFIED"] = 0;
        values[valuesById[1] = "TYPE_PING"] = 1;
        values[valuesById[2] = "TYPE_REQUEST"] = 2;
        values[valuesById[3] = "TYPE_SUBSCRIBE"] = 3;
        return values;
    })();

    return NanoRPCRequest;
})();

$root.NanoRPCResponse = (function() {

    /**
     * Properties of a NanoRPCResponse.
     * @typedef {Object} NanoRPCResponse.$Properties
     * @property {number|null} [requestId] NanoRPCResponse requestId
     * @property {NanoRPCResponse.Type|null} [responseType] NanoRPCResponse responseType
     * @property {NanoRPCResponse.Status|null} [responseStatus] NanoRPCResponse responseStatus
     * @property {string|null} [responseMessage] NanoRPCResponse responseMessage
     * @property {Uint8Array|null} [data] NanoRPCResponse data
     * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
     */

    /**
     * Properties of a NanoRPCResponse.
     * @exports INanoRPCResponse
     * @interface INanoRPCResponse
     * @augments NanoRPCResponse.$Properties
     * @deprecated Use NanoRPCResponse.$Properties instead.
     */

    /**
     * Shape of a NanoRPCResponse.
     * @typedef {NanoRPCResponse.$Properties} NanoRPCResponse.$Shape
     */

    /**
     * Constructs a new NanoRPCResponse.
     * @exports NanoRPCResponse
     * @classdesc Represents a NanoRPCResponse.
     * @constructor
     * @param {NanoRPCResponse.$Properties=} [properties] Properties to set
     * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
     */
    var NanoRPCResponse = function (properties) {
        if (properties)
            for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                    this[keys[i]] = properties[keys[i]];
    };

    /**
     * NanoRPCResponse requestId.
     * @member {number} requestId
     * @memberof NanoRPCResponse
     * @instance
     */
    NanoRPCResponse.prototype.requestId = 0;

    /**
     * NanoRPCResponse responseType.
     * @member {NanoRPCResponse.Type} responseType
     * @memberof NanoRPCResponse
     * @instance
     */
    NanoRPCResponse.prototype.responseType = 0;

    /**
     * NanoRPCResponse responseStatus.
     * @member {NanoRPCResponse.Status} responseStatus
     * @memberof NanoRPCResponse
     * @instance
     */
    NanoRPCResponse.prototype.responseStatus = 0;

    /**
     * NanoRPCResponse responseMessage.
     * @member {string} responseMessage
     * @memberof NanoRPCResponse
     * @instance
     */
    NanoRPCResponse.prototype.responseMessage = "";

    /**
     * NanoRPCResponse data.
     * @member {Uint8Array} data
     * @memberof NanoRPCResponse
     * @instance
     */
    NanoRPCResponse.prototype.data = $util.newBuffer([]);

    /**
     * Creates a new NanoRPCResponse instance using the specified properties.
     * @function create
     * @memberof NanoRPCResponse
     * @static
     * @param {NanoRPCResponse.$Properties=} [properties] Properties to set
     * @returns {NanoRPCResponse} NanoRPCResponse instance
     * @type {{
     *   (properties: NanoRPCResponse.$Shape): NanoRPCResponse & NanoRPCResponse.$Shape;
     *   (properties?: NanoRPCResponse.$Properties): NanoRPCResponse;
     * }}
     */
    NanoRPCResponse.create = function(properties) {
        return new NanoRPCResponse(properties);
    };

    /**
     * Encodes the specified NanoRPCResponse message. Does not implicitly {@link NanoRPCResponse.verify|verify} messages.
     * @function encode
     * @memberof NanoRPCResponse
     * @static
     * @param {NanoRPCResponse.$Properties} message NanoRPCResponse message or plain object to encode
     * @param {$protobuf.Writer} [writer] Writer to encode to
     * @returns {$protobuf.Writer} Writer
     */
    NanoRPCResponse.encode = function (message, writer, _depth) {
        if (!writer)
            writer = $Writer.create();
        if (_depth === $undefined)
            _depth = 0;
        if (_depth > $util.recursionLimit)
            throw $Error("max depth exceeded");
        if (message.requestId != null && $Object.hasOwnProperty.call(message, "requestId") && message.requestId !== 0)
            writer.uint32(/* id 1, wireType 0 =*/8).int32(message.requestId);
        if (message.responseType != null && $Object.hasOwnProperty.call(message, "responseType") && message.responseType !== 0)
            writer.uint32(/* id 2, wireType 0 =*/16).int32(message.responseType);
        if (message.responseStatus != null && $Object.hasOwnProperty.call(message, "responseStatus") && message.responseStatus !== 0)
            writer.uint32(/* id 3, wireType 0 =*/24).int32(message.responseStatus);
        if (message.responseMessage != null && $Object.hasOwnProperty.call(message, "responseMessage") && message.responseMessage !== "")
            writer.uint32(/* id 4, wireType 2 =*/34).string(message.responseMessage);
        if (message.data != null && $Object.hasOwnProperty.call(message, "data") && message.data.length)
            writer.uint32(/* id 10, wireType 2 =*/82).bytes(message.data);
        if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
            for (var i = 0; i < message.$unknowns.length; ++i)
                writer.raw(message.$unknowns[i]);
        return writer;
    };

    /**
     * Encodes the specified NanoRPCResponse message, length delimited. Does not implicitly {@link NanoRPCResponse.verify|verify} messages.
     * @function encodeDelimited
     * @memberof NanoRPCResponse
     * @static
     * @param {NanoRPCResponse.$Properties} message NanoRPCResponse message or plain object to encode
     * @param {$protobuf.Writer} [writer] Writer to encode to
     * @returns {$protobuf.Writer} Writer
     */
    NanoRPCResponse.encodeDelimited = function(message, writer) {
        return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
    };

    /**
     * Decodes a NanoRPCResponse message from the specified reader or buffer.
     * @function decode
     * @memberof NanoRPCResponse
     * @static
     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
     * @param {number} [length] Message length if known beforehand
     * @returns {NanoRPCResponse & NanoRPCResponse.$Shape} NanoRPCResponse
     * @throws {Error} If the payload is not a reader or valid buffer
     * @throws {$protobuf.util.ProtocolError} If required fields are missing
     */
    NanoRPCResponse.decode = function (reader, length, _end, _depth, _target) {
        if (!(reader instanceof $Reader))
            reader = $Reader.create(reader);
        if (_depth === $undefined)
            _depth = 0;
        if (_depth > $Reader.recursionLimit)
            throw $Error("max depth exceeded");
        var end, message, value;
        if (length === $undefined)
            end = reader.len;
        else {
            end = reader.pos + length;
            if (end > reader.len)
                throw $RangeError("index out of range");
            length = reader.len;
            reader.len = end;
        }
        message = _target || new $root.NanoRPCResponse();
        while (reader.pos < end) {
            var start = reader.pos;
            var tag = reader.tag();
            if (tag === _end) {
                _end = $undefined;
                break;
            }
            var wireType = tag & 7;
            switch (tag >>>= 3) {
            case 1: {
                    if (wireType !== 0)
                        break;
                    if (value = reader.int32())
                        message.requestId = value;
                    else
                        delete message.requestId;
                    continue;
                }
            case 2: {
                    if (wireType !== 0)
                        break;
                    if (value = reader.int32())
                        message.responseType = value;
                    else
                        delete message.responseType;
                    continue;
                }
            case 3: {
                    if (wireType !== 0)
                        break;
                    if (value = reader.int32())
                        message.responseStatus = value;
                    else
                        delete message.responseStatus;
                    continue;
                }
            case 4: {
                    if (wireType !== 2)
                        break;
                    if ((value = reader.stringVerify()).length)
                        message.responseMessage = value;
                    else
                        delete message.responseMessage;
                    continue;
                }
            case 10: {
                    if (wireType !== 2)
                        break;
                    if ((value = reader.bytes()).length)
                        message.data = value;
                    else
                        delete message.data;
                    continue;
                }
            }
            reader.skipType(wireType, _depth, tag);
            if (!reader.discardUnknown) {
                $util.makeProp(message, "$unknowns", false);
                (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
            }
        }
        if (length !== $undefined) {
            if (reader.pos !== end)
                throw $RangeError("index out of range");
            reader.len = length;
        }
        if (_end !== $undefined)
            throw $Error("missing end group");
        return message;
    };

    /**
     * Decodes a NanoRPCResponse message from the specified reader or buffer, length delimited.
     * @function decodeDelimited
     * @memberof NanoRPCResponse
     * @static
     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
     * @returns {NanoRPCResponse & NanoRPCResponse.$Shape} NanoRPCResponse
     * @throws {Error} If the payload is not a reader or valid buffer
     * @throws {$protobuf.util.ProtocolError} If required fields are missing
     */
    NanoRPCResponse.decodeDelimited = function(reader) {
        if (!(reader instanceof $Reader))
            reader = new $Reader(reader);
        return this.decode(reader, reader.size());
    };

    /**
     * Gets the type url for NanoRPCResponse
     * @function getTypeUrl
     * @memberof NanoRPCResponse
     * @static
     * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
     * @returns {string} The type url
     */
    NanoRPCResponse.getTypeUrl = function(prefix) {
        if (prefix === $undefined)
            prefix = "type.googleapis.com";
        return prefix + "/NanoRPCResponse";
    };

    /**
     * Type enum.
     * @name NanoRPCResponse.Type
     * @enum {number}
     * @property {number} TYPE_UNSPECIFIED=0 TYPE_UNSPECIFIED value
     * @property {number} TYPE_PONG=1 TYPE_PONG value
     * @property {number} TYPE_RESPONSE=2 TYPE_RESPONSE value
     * @property {number} TYPE_UPDATE=3 TYPE_UPDATE value
     */
    NanoRPCResponse.Type = (function() {
        var valuesById = $Object.create(null), values = $Object.create(valuesById);
        values[valuesById[0] = "TYPE_UNSPECIFIED"] = 0;
        values[valuesById[1] = "TYPE_PONG"] = 1;
        values[valuesById[2] = "TYPE_RESPONSE"] = 2;
        values[valuesById[3] = "TYPE_UPDATE"] = 3;
        return values;
    })();

    /**
     * Status enum.
     * @name NanoRPCResponse.Status
     * @enum {number}
     * @property {number} STATUS_UNSPECIFIED=0 STATUS_UNSPECIFIED value
     * @property {number} STATUS_OK=1 STATUS_OK value
     * @property {number} STATUS_NOT_FOUND=2 STATUS_NOT_FOUND value
     * @property {number} STATUS_NOT_AUTHORIZED=3 STATUS_NOT_AUTHORIZED value
     * @property {number} STATUS_INTERNAL_ERROR=4 STATUS_INTERNAL_ERROR value
     */
    NanoRPCResponse.Status = (function() {
        var valuesById = $Object.create(null), values = $Object.create(valuesById);
        values[valuesById[0] = "STATUS_UNSPECIFIED"] = 0;
        values[valuesById[1] = "STATUS_OK"] = 1;
        values[valuesById[2] = "STATUS_NOT_FOUND"] = 2;
        values[valuesById[3] = "STATUS_NOT_AUTHORIZED"] = 3;
        values[valuesById[4] = "STATUS_INTERNAL_ERROR"] = 4;
        return values;
    })();

    return NanoRPCResponse;
})();

$root.NanoRPCMethodOptions = (function() {

    /**
     * Properties of a NanoRPCMethodOptions.
     * @typedef {Object} NanoRPCMethodOptions.$Properties
     * @property {string|null} [requestPath] NanoRPCMethodOptions requestPath
     * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
     */

    /**
     * Properties of a NanoRPCMethodOptions.
     * @exports INanoRPCMethodOptions
     * @interface INanoRPCMethodOptions
     * @augments NanoRPCMethodOptions.$Properties
     * @deprecated Use NanoRPCMethodOptions.$Properties instead.
     */

    /**
     * Shape of a NanoRPCMethodOptions.
     * @typedef {NanoRPCMethodOptions.$Properties} NanoRPCMethodOptions.$Shape
     */

    /**
     * Constructs a new NanoRPCMethodOptions.
     * @exports NanoRPCMethodOptions
     * @classdesc Represents a NanoRPCMethodOptions.
     * @constructor
     * @param {NanoRPCMethodOptions.$Properties=} [properties] Properties to set
     * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
     */
    var NanoRPCMethodOptions = function (properties) {
        if (properties)
            for (var keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                    this[keys[i]] = properties[keys[i]];
    };

    /**
     * NanoRPCMethodOptions requestPath.
     * @member {string|null|undefined} requestPath
     * @memberof NanoRPCMethodOptions
     * @instance
     */
    NanoRPCMethodOptions.prototype.requestPath = null;

    // OneOf field names bound to virtual getters and setters
    var $oneOfFields;

    // Virtual OneOf for proto3 optional field
    $Object.defineProperty(NanoRPCMethodOptions.prototype, "_requestPath", {
        get: $util.oneOfGetter($oneOfFields = ["requestPath"]),
        set: $util.oneOfSetter($oneOfFields)
    });

    /**
     * Creates a new NanoRPCMethodOptions instance using the specified properties.
     * @function create
     * @memberof NanoRPCMethodOptions
     * @static
     * @param {NanoRPCMethodOptions.$Properties=} [properties] Properties to set
     * @returns {NanoRPCMethodOptions} NanoRPCMethodOptions instance
     * @type {{
     *   (properties: NanoRPCMethodOptions.$Shape): NanoRPCMethodOptions & NanoRPCMethodOptions.$Shape;
     *   (properties?: NanoRPCMethodOptions.$Properties): NanoRPCMethodOptions;
     * }}
     */
    NanoRPCMethodOptions.create = function(properties) {
        return new NanoRPCMethodOptions(properties);
    };

    /**
     * Encodes the specified NanoRPCMethodOptions message. Does not implicitly {@link NanoRPCMethodOptions.verify|verify} messages.
     * @function encode
     * @memberof NanoRPCMethodOptions
     * @static
     * @param {NanoRPCMethodOptions.$Properties} message NanoRPCMethodOptions message or plain object to encode
     * @param {$protobuf.Writer} [writer] Writer to encode to
     * @returns {$protobuf.Writer} Writer
     */
    NanoRPCMethodOptions.encode = function (message, writer, _depth) {
        if (!writer)
            writer = $Writer.create();
        if (_depth === $undefined)
            _depth = 0;
        if (_depth > $util.recursionLimit)
            throw $Error("max depth exceeded");
        if (message.requestPath != null && $Object.hasOwnProperty.call(message, "requestPath"))
            writer.uint32(/* id 1, wireType 2 =*/10).string(message.requestPath);
        if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
            for (var i = 0; i < message.$unknowns.length; ++i)
                writer.raw(message.$unknowns[i]);
        return writer;
    };

    /**
     * Encodes the specified NanoRPCMethodOptions message, length delimited. Does not implicitly {@link NanoRPCMethodOptions.verify|verify} messages.
     * @function encodeDelimited
     * @memberof NanoRPCMethodOptions
     * @static
     * @param {NanoRPCMethodOptions.$Properties} message NanoRPCMethodOptions message or plain object to encode
     * @param {$protobuf.Writer} [writer] Writer to encode to
     * @returns {$protobuf.Writer} Writer
     */
    NanoRPCMethodOptions.encodeDelimited = function(message, writer) {
        return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
    };

    /**
     * Decodes a NanoRPCMethodOptions message from the specified reader or buffer.
     * @function decode
     * @memberof NanoRPCMethodOptions
     * @static
     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
     * @param {number} [length] Message length if known beforehand
     * @returns {NanoRPCMethodOptions & NanoRPCMethodOptions.$Shape} NanoRPCMethodOptions
     * @throws {Error} If the payload is not a reader or valid buffer
     * @throws {$protobuf.util.ProtocolError} If required fields are missing
     */
    NanoRPCMethodOptions.decode = function (reader, length, _end, _depth, _target) {
        if (!(reader instanceof $Reader))
            reader = $Reader.create(reader);
        if (_depth === $undefined)
            _depth = 0;
        if (_depth > $Reader.recursionLimit)
            throw $Error("max depth exceeded");
        var end, message;
        if (length === $undefined)
            end = reader.len;
        else {
            end = reader.pos + length;
            if (end > reader.len)
                throw $RangeError("index out of range");
            length = reader.len;
            reader.len = end;
        }
        message = _target || new $root.NanoRPCMethodOptions();
        while (reader.pos < end) {
            var start = reader.pos;
            var tag = reader.tag();
            if (tag === _end) {
                _end = $undefined;
                break;
            }
            var wireType = tag & 7;
            switch (tag >>>= 3) {
            case 1: {
                    if (wireType !== 2)
                        break;
                    message.requestPath = reader.stringVerify();
                    message._requestPath = "requestPath";
                    continue;
                }
            }
            reader.skipType(wireType, _depth, tag);
            if (!reader.discardUnknown) {
                $util.makeProp(message, "$unknowns", false);
                (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
            }
        }
        if (length !== $undefined) {
            if (reader.pos !== end)
                throw $RangeError("index out of range");
            reader.len = length;
        }
        if (_end !== $undefined)
            throw $Error("missing end group");
        return message;
    };

    /**
     * Decodes a NanoRPCMethodOptions message from the specified reader or buffer, length delimited.
     * @function decodeDelimited
     * @memberof NanoRPCMethodOptions
     * @static
     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
     * @returns {NanoRPCMethodOptions & NanoRPCMethodOptions.$Shape} NanoRPCMethodOptions
     * @throws {Error} If the payload is not a reader or valid buffer
     * @throws {$protobuf.util.ProtocolError} If required fields are missing
     */
    NanoRPCMethodOptions.decodeDelimited = function(reader) {
        if (!(reader instanceof $Reader))
            reader = new $Reader(reader);
        return this.decode(reader, reader.size());
    };

    /**
     * Gets the type url for NanoRPCMethodOptions
     * @function getTypeUrl
     * @memberof NanoRPCMethodOptions
     * @static
     * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
     * @returns {string} The type url
     */
    NanoRPCMethodOptions.getTypeUrl = function(prefix) {
        if (prefix === $undefined)
            prefix = "type.googleapis.com";
        return prefix + "/NanoRPCMethodOptions";
    };

    return NanoRPCMethodOptions;
})();

module.exports = $root;
