FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY requirements requirements
COPY graph graph
COPY loaders loaders
COPY queries queries
COPY api api
COPY examples examples
RUN pip install --no-cache-dir --no-deps --require-hashes -r requirements/models.txt \
    && pip install --no-cache-dir . && useradd --create-home conflictkg
USER conflictkg
EXPOSE 8000
CMD ["conflictkg", "serve", "--host", "0.0.0.0", "--port", "8000"]
